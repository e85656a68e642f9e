import { fork } from 'node:child_process';
import { extname, join, resolve } from 'node:path';
import type { EventStoreSettings } from '@lib/event-store';
import type { ExportRequest, GeneratedExport } from '@lib/exports';

/**
 * The V8 limits of the process that writes a bundle. Its live data stays small (one page, one lot,
 * one sort chunk, one PDF at a time) but it makes garbage fast, and an unbounded heap lets that
 * garbage grow the process to several times its live size; with these limits a registrant of a
 * million events is exported in under 300 MB (see `npm run bench`).
 */
export const EXPORT_PROCESS_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=4'];

/** What the export process is asked to do: everything it needs, since it shares nothing with the worker. */
export interface ExportTask {
  eventStore: EventStoreSettings;
  exportDir: string;
  signingKey: { file: string; generate: boolean };
  request: ExportRequest;
}

export type ExportOutcome = { ok: true; generated: GeneratedExport } | { ok: false; error: string };

/** Run from the TypeScript sources (tests, benchmarks), the child is too, through the same hook. */
const fromSources =
  extname(__filename) === '.ts' ? ['-r', resolve(__dirname, '../../../../test/support/register-ts.js')] : [];

/**
 * Generates a bundle in a process of its own (`export-child`), with the memory limits above: a
 * bundle's memory is bounded and measured on its own, and an export that fails, even by running
 * out of memory, fails its job, never the worker that projects and checks the ledger.
 */
export function generateInChildProcess(task: ExportTask): Promise<GeneratedExport> {
  const child = fork(join(__dirname, `export-child${extname(__filename)}`), [], {
    execArgv: [...fromSources, ...EXPORT_PROCESS_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    let outcome: ExportOutcome | undefined;
    child.once('message', (message) => (outcome = message as ExportOutcome));
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (outcome?.ok) done(outcome.generated);
      else fail(new Error(outcome?.error ?? `the export process ended without a result (${signal ?? `exit ${code}`})`));
    });
    child.send(task);
  });
}
