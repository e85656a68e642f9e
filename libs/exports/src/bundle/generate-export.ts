import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  deterministicId,
  handleCommand,
  SCHEMA_VERSION,
  type EventStore,
  type UnsealedMetadata,
} from '@lib/event-store';
import {
  exportDecider,
  exportStream,
  invalid,
  type ExportEvent,
  type ExportGenerated,
  type ExportState,
} from '@lib/ledger';
import { exportIdOf, type ExportPeriod } from './export-period';
import { sha256Hex, type BundleManifest } from './manifest';
import type { SigningKey } from './signing-key';
import { writeBundle, type BundleRequest } from './write-bundle';
import { zipFolder } from './zip-folder';

/** Where a registrant's bundle lives under EXPORT_DIR: its folder and its zip. */
export const bundlePaths = (exportDir: string, registrantId: string, exportId: string) => ({
  dir: join(exportDir, registrantId, exportId),
  zip: join(exportDir, registrantId, `${exportId}.zip`),
});

export interface ExportRequest {
  registrantId: string;
  period: ExportPeriod;
  requestedBy: BundleManifest['requestedBy'];
  /** Server time: the bundle's generation time. */
  now: string;
}

export interface GeneratedExport {
  exportId: string;
  recorded: ExportGenerated['data'];
  /** False when the period had been exported already: nothing was written. */
  created: boolean;
}

const fileError = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Publishes a finished temporary folder; a folder already there (another run won) stands. */
function publish(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if (fileError(error) !== 'ENOTEMPTY' && fileError(error) !== 'EEXIST') throw error;
  }
}

async function zipOnce(dir: string, zip: string): Promise<void> {
  if (existsSync(zip)) return;
  const partial = `${zip}.partial-${randomUUID()}`;
  try {
    await zipFolder(dir, partial);
    renameSync(partial, zip);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Generates the bundle of one registrant and period, once. The export id follows from the two,
 * so however often a schedule fires or a job is retried there is one folder, one zip and one
 * `ExportGenerated` event: files are written to a temporary folder and renamed into place (a
 * folder already in place is kept), then the event records the manifest's hash. A run that died
 * between the two finds the folder and records it; a period already recorded is answered as it
 * was, and its missing files are an error, never silently made anew.
 */
export async function generateExport(
  store: EventStore,
  settings: { exportDir: string; key: SigningKey },
  request: ExportRequest,
): Promise<GeneratedExport> {
  const { registrantId, period, now } = request;
  if (Date.parse(period.endsAt) > Date.parse(now)) throw invalid('to', 'A period is exported once it has ended.');
  const exportId = exportIdOf(registrantId, period);
  const paths = bundlePaths(settings.exportDir, registrantId, exportId);
  const streamId = exportStream(exportId);
  const [existing] = await store.readStream(streamId, { maxCount: 1 });
  if (existing) {
    if (!existsSync(join(paths.dir, 'manifest.json'))) {
      throw new Error(`Export ${exportId} is recorded but its bundle is missing from ${paths.dir}`);
    }
    await zipOnce(paths.dir, paths.zip);
    return { exportId, recorded: (existing as unknown as ExportGenerated).data, created: false };
  }
  if (!existsSync(join(paths.dir, 'manifest.json'))) {
    const partial = `${paths.dir}.partial-${randomUUID()}`;
    try {
      const bundle: BundleRequest = {
        exportId,
        registrantId,
        period,
        requestedBy: request.requestedBy,
        generatedAt: now,
      };
      await writeBundle(store, bundle, settings.key, partial);
      publish(partial, paths.dir);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  await zipOnce(paths.dir, paths.zip);
  const manifestBytes = readFileSync(join(paths.dir, 'manifest.json'));
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
  const data: ExportGenerated['data'] = {
    exportId,
    registrantId,
    from: period.from,
    to: period.to,
    startsAt: period.startsAt,
    endsAt: period.endsAt,
    manifestSha256: sha256Hex(manifestBytes),
    keyId: manifest.signature.keyId,
    generatedAt: manifest.generatedAt,
    events: manifest.events.total,
    files: manifest.files.map((f) => f.name),
    requestedBy: manifest.requestedBy,
  };
  const metadata: UnsealedMetadata = {
    schemaVersion: SCHEMA_VERSION,
    occurredAt: manifest.generatedAt,
    recordedAt: now,
    registrantId,
    actor: request.requestedBy === 'SCHEDULE' ? null : { ...request.requestedBy, role: 'COMPLIANCE_OFFICER' },
    signatures: [],
    correlationId: deterministicId(streamId, 'generated'),
    causationId: null,
    idempotency: null,
    late: false,
  };
  const outcome = await handleCommand<ExportState, ExportEvent>(store, {
    streamId,
    initialState: exportDecider.initialState,
    evolve: exportDecider.evolve,
    decide: (state) => exportDecider.decide({ type: 'RecordExport', data }, state),
    envelope: (_event, index) => ({ eventId: deterministicId(streamId, 'generated', String(index)), metadata }),
  });
  if (outcome.events.length === 0) {
    const [winner] = await store.readStream(streamId, { maxCount: 1 });
    return { exportId, recorded: (winner as unknown as ExportGenerated).data, created: false };
  }
  return { exportId, recorded: data, created: true };
}
