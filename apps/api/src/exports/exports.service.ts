import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Queue } from 'bullmq';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, EXPORT_JOB_OPTIONS, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { bundlePaths, exportIdOf, exportPeriod, type BundleManifest } from '@lib/exports';
import { assertNotInFuture, exportStream, LedgerError, type ExportGenerated, type User } from '@lib/ledger';
import { Clock } from '../common/clock';
import { ApiError } from '../common/problem';
import { RegistrantsService } from '../registrants/registrants.service';
import { EXPORT_JOBS } from './export-queue';

export type ExportRecord = ExportGenerated['data'];

export interface ExportRequested {
  exportId: string;
  status: 'PENDING' | 'GENERATED';
  from: string;
  to: string;
  export?: ExportRecord;
}

const notFound = () => new LedgerError('NOT_FOUND', 'Export not found.');

/**
 * Export bundles: requested by a compliance officer (the worker generates them), listed and
 * downloaded by the registrant's members. What exists is what the ledger records
 * (`ExportGenerated`); the files are read from EXPORT_DIR, by the names the record lists.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly registrants: RegistrantsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EXPORT_JOBS) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  async request(registrantId: string, bounds: { from: string; to: string }, user: User): Promise<ExportRequested> {
    const registrant = await this.registrants.ofMember(user, registrantId);
    const period = exportPeriod(bounds.from, bounds.to, registrant.timeZone);
    assertNotInFuture(period.endsAt, this.clock.now(), 'to');
    const exportId = exportIdOf(registrantId, period);
    const recorded = await this.recorded(exportId);
    if (recorded) return { exportId, status: 'GENERATED', from: period.from, to: period.to, export: recorded };
    const requestedBy = { userId: user.userId, printedName: user.printedName };
    try {
      await this.queue.add(
        'requested',
        { registrantId, from: period.from, to: period.to, requestedBy },
        { ...EXPORT_JOB_OPTIONS, jobId: exportId },
      );
    } catch {
      throw new ApiError('QUEUE_UNAVAILABLE', 'The export queue cannot be reached; try again shortly.');
    }
    return { exportId, status: 'PENDING', from: period.from, to: period.to };
  }

  /**
   * The registrant's bundles: the folders under EXPORT_DIR are the index (reading every event of
   * the store to find a registrant's exports would take as long as the ledger is large): those
   * named by an export id (not partial folders or zips) that the ledger records as generated.
   */
  async list(registrantId: string, user: User): Promise<ExportRecord[]> {
    await this.registrants.ofMember(user, registrantId);
    const folder = join(this.config.exports.dir, registrantId);
    const ids = existsSync(folder) ? readdirSync(folder).filter((name) => isUUID(name)) : [];
    const records = await Promise.all(ids.map((exportId) => this.recorded(exportId)));
    return records
      .filter((r): r is ExportRecord => r !== null && r.registrantId === registrantId)
      .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  }

  async manifest(registrantId: string, exportId: string, user: User): Promise<BundleManifest> {
    return JSON.parse(readFileSync(await this.file(registrantId, exportId, 'manifest.json', user), 'utf8'));
  }

  /** The path of one file of a bundle; only the names its record lists (no path ever comes from the request). */
  async file(registrantId: string, exportId: string, name: string, user: User): Promise<string> {
    const recorded = await this.ofRegistrant(registrantId, exportId, user);
    if (name !== 'manifest.json' && !recorded.files.includes(name)) {
      throw new LedgerError('NOT_FOUND', 'No such file in this export.');
    }
    return this.existing(join(bundlePaths(this.config.exports.dir, registrantId, exportId).dir, name));
  }

  async zip(registrantId: string, exportId: string, user: User): Promise<string> {
    await this.ofRegistrant(registrantId, exportId, user);
    return this.existing(bundlePaths(this.config.exports.dir, registrantId, exportId).zip);
  }

  private async ofRegistrant(registrantId: string, exportId: string, user: User): Promise<ExportRecord> {
    await this.registrants.ofMember(user, registrantId);
    const recorded = await this.recorded(exportId);
    if (!recorded || recorded.registrantId !== registrantId) throw notFound();
    return recorded;
  }

  private async recorded(exportId: string): Promise<ExportRecord | null> {
    const [event] = await this.store.readStream(exportStream(exportId), { maxCount: 1 });
    return event ? (event as unknown as ExportGenerated).data : null;
  }

  /** Recorded but not on this server's disk (another EXPORT_DIR, or removed): not found here, and said so. */
  private existing(path: string): string {
    if (!existsSync(path))
      throw new LedgerError('NOT_FOUND', 'The export is recorded but its files are not on this server.');
    return path;
  }
}
