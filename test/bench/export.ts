import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HistoryOptions } from '../support/ledger-history';
import type { Step, StepArgs, StepFailure, StepFigures } from './export-child';
import { removeDir, tempDir, track } from './scratch';
import { EXPORT_PROCESS_FLAGS } from '../../apps/worker/src/exports/export-process';

/**
 * Issue 6's scale goal: a registrant of 1,000,000 events exported in under 300 MB of peak memory,
 * at ≥ 0.3 × the rate of a raw NDJSON write of the same events. 5,000 lots keep each lot's
 * history at about 200 events, as in PROJECTION_HISTORY.
 */
export const EXPORT_HISTORY: Required<HistoryOptions> = { seed: 2026, events: 1_000_000, lots: 5000, registrants: 1 };
export const EXPORT_PEAK_LIMIT_MB = 300;
export const EXPORT_RATIO_TARGET = 0.3;

const REGISTER_TS = resolve(__dirname, '../support/register-ts.js');
/** The generator holds the whole history in memory: 5.5 GB of RSS at 1,000,000 events here. */
const GENERATOR_HEAP_MB = 8192;
const DAY_MS = 24 * 3600 * 1000;

export interface ExportFigures {
  history: Required<HistoryOptions>;
  generateSeconds: number;
  appendSeconds: number;
  storeBytes: number;
  /** The registrant's events: every event of the history but the accounts'. */
  registrantEvents: number;
  period: { from: string; to: string };
  raw: StepFigures<'raw'> & { eventsPerSecond: number };
  exported: Omit<StepFigures<'export'>, 'publicKeyPem'> & { eventsPerSecond: number };
  verified: Omit<StepFigures<'verify'>, 'verification'> & { streams: number };
  /** Export events/s ÷ raw events/s. */
  ratio: number;
}

/** Runs one step of export-child.ts in a process of its own and answers its figures once it has exited. */
function runStep<S extends Step>(step: S, args: StepArgs<S>, nodeOptions: string[] = []): Promise<StepFigures<S>> {
  const child = track(
    fork(join(__dirname, 'export-child.ts'), [step, JSON.stringify(args)], {
      execArgv: [...nodeOptions, '-r', REGISTER_TS],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  return new Promise((done, fail) => {
    let answer: StepFigures<S> | StepFailure | undefined;
    child.once('message', (message) => (answer = message as StepFigures<S> | StepFailure));
    // 'close' comes after the IPC channel has closed, so after the answer if there was one.
    child.once('close', (code, signal) => {
      if (answer && 'failed' in answer) {
        const { failed, seconds, peakMb } = answer;
        fail(new Error(`${step} failed after ${seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB: ${failed}`));
      } else if (answer && code === 0) done(answer);
      else fail(new Error(`export-child.ts ${step} exited (${signal ?? code}) without its figures`));
    });
  });
}

/** UTC midnight before the first event and after the last: a period that holds every event. */
function periodAround(firstRecordedAt: string, lastRecordedAt: string) {
  const midnight = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00.000Z`);
  return {
    from: new Date(midnight(firstRecordedAt)).toISOString(),
    to: new Date(midnight(lastRecordedAt) + DAY_MS).toISOString(),
  };
}

/**
 * Generates and appends the history into a SQLite file, then, each in a process of its own, so
 * that each peak RSS is its own: the raw NDJSON write, the export (`writeBundle` into a folder)
 * and `verifyBundle` over the folder. One round, not a median: at this size a round takes
 * minutes, and the export's peak memory is a limit, not a rate that moves from run to run.
 * Throws, failing the run, when the bundle misses events or does not verify.
 */
export async function exportFigures(
  history: Required<HistoryOptions> = EXPORT_HISTORY,
  step: (what: string) => void = () => undefined,
): Promise<ExportFigures> {
  const dir = tempDir('export');
  try {
    const file = join(dir, 'ledger.sqlite');
    step(`EX: generating and appending ${history.events.toLocaleString('en-US')} events in a process of their own`);
    const generated = await runStep('generate', { file, history }, [`--max-old-space-size=${GENERATOR_HEAP_MB}`]);
    const { registrantId, registrantEvents, timeZone } = generated;
    const period = periodAround(generated.firstRecordedAt, generated.lastRecordedAt);

    step(
      `EX: generated in ${generated.generateSeconds.toFixed(0)} s, appended in ${generated.appendSeconds.toFixed(0)} s; RN: raw NDJSON write`,
    );
    const out = join(dir, 'events.ndjson');
    const raw = await runStep('raw', { file, out });
    rmSync(out);
    if (raw.events !== generated.events)
      throw new Error(`the raw write read ${raw.events} of ${generated.events} events`);

    step(`EX: RN in ${raw.seconds.toFixed(1)} s; writeBundle of ${period.from} to ${period.to}`);
    const bundle = join(dir, 'bundle');
    const keyFile = join(dir, 'signing-key.pem');
    // With the V8 limits the worker gives its export process (apps/worker/src/exports/export-process.ts).
    const { publicKeyPem, ...exported } = await runStep(
      'export',
      { file, dir: bundle, keyFile, registrantId, timeZone, ...period },
      EXPORT_PROCESS_FLAGS,
    );
    if (exported.events !== registrantEvents) {
      throw new Error(`the bundle holds ${exported.events} of the registrant's ${registrantEvents} events`);
    }

    step(
      `EX: writeBundle in ${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakMb.toFixed(0)} MB; verifyBundle`,
    );
    const { verification, ...verified } = await runStep('verify', { dir: bundle, publicKeyPem });
    if (!verification.intact) {
      throw new Error(`the exported bundle is NOT intact: ${verification.file}: ${verification.reason}`);
    }
    const rawPerSecond = raw.events / raw.seconds;
    const exportPerSecond = registrantEvents / exported.seconds;
    return {
      history,
      generateSeconds: generated.generateSeconds,
      appendSeconds: generated.appendSeconds,
      storeBytes: generated.storeBytes,
      registrantEvents,
      period,
      raw: { ...raw, eventsPerSecond: rawPerSecond },
      exported: { ...exported, eventsPerSecond: exportPerSecond },
      verified: { ...verified, streams: verification.summary.streams },
      ratio: exportPerSecond / rawPerSecond,
    };
  } finally {
    removeDir(dir);
  }
}

/**
 * Alone, for iteration: `node -r ./test/support/register-ts.js test/bench/export.ts`, or with
 * EXPORT_EVENTS=100000 for a smaller history (lots scaled to keep 200 events a lot).
 */
if (require.main === module) {
  const events = Number(process.env.EXPORT_EVENTS ?? EXPORT_HISTORY.events);
  const history = { ...EXPORT_HISTORY, events, lots: Math.max(1, Math.round(events / 200)) };
  exportFigures(history, (what) => process.stderr.write(`… ${what}\n`)).then(
    (figures) => {
      const peak = figures.exported.peakMb;
      process.stdout.write(
        `${JSON.stringify(figures, null, 2)}\n` +
          `export ${Math.round(figures.exported.eventsPerSecond)} events/s, raw NDJSON ${Math.round(figures.raw.eventsPerSecond)} events/s: ` +
          `${figures.ratio.toFixed(2)} × (target ≥ ${EXPORT_RATIO_TARGET}: ${figures.ratio >= EXPORT_RATIO_TARGET ? 'PASS' : 'MISS'}); ` +
          `export peak RSS ${Math.round(peak)} MB (limit ${EXPORT_PEAK_LIMIT_MB}: ${peak <= EXPORT_PEAK_LIMIT_MB ? 'PASS' : 'MISS'})\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`\nEXPORT BENCHMARK FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
