import { createPublicKey } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { SqliteEventStore } from '@lib/event-store';
import { exportPeriod, loadSigningKey } from '@lib/exports';
import { writeBundle } from '../../libs/exports/src/bundle/write-bundle';
import { verifyBundle } from '../../libs/exports/src/verify';
import { appendHistory, generateHistory, type HistoryOptions } from '../support/ledger-history';

/**
 * One step of the export benchmark (export.ts) in a process of its own, so that each step's peak
 * memory is its own: `generate`, `export`, `raw` or `verify`, with its JSON arguments. Answers
 * its figures to the parent over IPC, then exits.
 */

/** The raw baseline reads as the export's ledger pass does. */
const PAGE = 1000;

const seconds = (since: number) => (performance.now() - since) / 1000;

/** A line of /proc/self/status in MB: VmHWM is the peak resident set size, VmRSS the current one. */
function status(field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.match(/(\d+)\s*kB/)?.[1] ?? Number.NaN) / 1024;
}

/** The peak resident set size two ways: the kernel's high-water mark and getrusage's maxRSS. */
const peak = () => ({ peakMb: status('VmHWM'), maxRssMb: process.resourceUsage().maxRSS / 1024 });

export interface GenerateArgs {
  file: string;
  history: Required<HistoryOptions>;
}

export interface ExportArgs {
  file: string;
  dir: string;
  keyFile: string;
  registrantId: string;
  timeZone: string;
  from: string;
  to: string;
}

async function generate({ file, history }: GenerateArgs) {
  let started = performance.now();
  const { events, registrantIds } = generateHistory(history);
  const generateSeconds = seconds(started);
  const [registrantId] = registrantIds;
  const registration = events.find(({ event }) => event.type === 'RegistrantRegistered')!;
  const recordedAt = (at: number) => String(events[at].event.metadata.recordedAt);
  const store = SqliteEventStore.open(file);
  try {
    started = performance.now();
    await appendHistory(store, events);
    const appendSeconds = seconds(started);
    return {
      generateSeconds,
      appendSeconds,
      events: events.length,
      registrantId,
      registrantEvents: events.filter(({ event }) => event.metadata.registrantId === registrantId).length,
      timeZone: String((registration.event.data as { timeZone: string }).timeZone),
      // The generator's clock only moves forwards: the first event and the last bound them all.
      firstRecordedAt: recordedAt(0),
      lastRecordedAt: recordedAt(events.length - 1),
      storeBytes: statSync(file).size,
      ...peak(),
    };
  } finally {
    await store.close();
  }
}

async function exportBundle(args: ExportArgs) {
  const store = SqliteEventStore.open(args.file);
  try {
    const key = loadSigningKey({ file: args.keyFile, generate: true });
    const request = {
      exportId: 'bench-export',
      registrantId: args.registrantId,
      period: exportPeriod(args.from, args.to, args.timeZone),
      requestedBy: 'SCHEDULE' as const,
      generatedAt: new Date().toISOString(),
    };
    const rssBeforeMb = status('VmRSS');
    const started = performance.now();
    const manifest = await writeBundle(store, request, key, args.dir);
    return {
      seconds: seconds(started),
      events: manifest.events.total,
      streams: manifest.streams.length,
      files: manifest.files.length,
      pdfs: manifest.files.filter((f) => f.name.endsWith('.pdf')).length,
      bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
      publicKeyPem: key.publicKeyPem,
      rssBeforeMb,
      ...peak(),
    };
  } finally {
    await store.close();
  }
}

/** The floor: every event of the store read in pages and written as one NDJSON line, a page per write. */
async function raw({ file, out }: { file: string; out: string }) {
  const store = SqliteEventStore.open(file);
  const fd = openSync(out, 'wx');
  try {
    const started = performance.now();
    let events = 0;
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({ after, maxCount: PAGE });
      if (page.length === 0) break;
      writeSync(
        fd,
        page.map((event) => `${JSON.stringify({ ...event, position: String(event.position) })}\n`).join(''),
      );
      events += page.length;
      after = page[page.length - 1].position;
    }
    return { seconds: seconds(started), events, bytes: statSync(out).size, ...peak() };
  } finally {
    closeSync(fd);
    await store.close();
  }
}

async function verify({ dir, publicKeyPem }: { dir: string; publicKeyPem: string }) {
  const started = performance.now();
  const verification = await verifyBundle(dir, createPublicKey(publicKeyPem));
  return { seconds: seconds(started), verification, ...peak() };
}

const steps = { generate, export: exportBundle, raw, verify };

export type Step = keyof typeof steps;
/** What a step that threw answers instead of its figures. */
export interface StepFailure {
  failed: string;
  seconds: number;
  peakMb: number;
  maxRssMb: number;
}
export type StepArgs<S extends Step> = Parameters<(typeof steps)[S]>[0];
export type StepFigures<S extends Step> = Awaited<ReturnType<(typeof steps)[S]>>;

if (require.main === module) {
  process.on('disconnect', () => process.exit(1));
  const [step, args] = process.argv.slice(2);
  const began = performance.now();
  (steps[step as Step] as (args: unknown) => Promise<object>)(JSON.parse(args)).then(
    (figures) => process.send!(figures, () => process.exit(0)),
    (error: unknown) => {
      // How far it got, for the parent to report with the error.
      const failure: StepFailure = {
        failed: error instanceof Error ? (error.stack ?? error.message) : String(error),
        seconds: seconds(began),
        ...peak(),
      };
      process.send!(failure, () => process.exit(1));
    },
  );
}
