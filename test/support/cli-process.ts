import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * The operator CLI (`apps/cli/src/main.ts`) in a child process, from its TypeScript sources (no
 * build), with no environment but PATH: what it needs, it takes from its arguments.
 */
export function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/cli/src/main.ts'), ...args],
    { cwd: ROOT, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status, stdout, stderr };
}

/** Points os.tmpdir() (which follows TMPDIR) at `dir` until the returned function is called. */
export function useTmpdir(dir: string): () => void {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
