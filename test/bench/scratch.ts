import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a benchmark run leaves behind: temporary directories and server processes. Both are
 * released when the run ends, whether it finishes, fails, or is stopped with SIGINT or SIGTERM.
 */
const dirs = new Set<string>();
const children = new Set<ChildProcess>();

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ledger-bench-${name}-`));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (!children.has(child)) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

function releaseAll(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', releaseAll);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the servers and removing temporary files\n`);
    process.exit(code);
  });
}
