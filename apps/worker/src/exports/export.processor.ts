import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { ALERT_QUEUE, APP_CONFIG, EXPORT_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { exportPeriod, previousMonth, registrantOf } from '@lib/exports';
import { exportReadyAlert } from '../alerts/alert';
import { enqueueAlert } from '../alerts/alerts.queue';
import type { ExportJob } from './export-jobs';
import { generateInChildProcess } from './export-process';

/**
 * Generates export bundles: the monthly one a registrant's scheduler fires (for the month before
 * the one it was due in) and those a compliance officer asks for, each in a process of its own
 * (export-process.ts). `generateExport` makes each
 * period once, so a scheduler firing twice or a retried job adds nothing. A bundle ready is
 * announced on the alert webhook (EXPORT_READY), when one is configured. Declared a processor by
 * `exportProcessor(config)`, since its job lock comes from configuration.
 */
@Injectable()
export class ExportProcessor extends WorkerHost {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(ALERT_QUEUE) private readonly alerts: Queue,
    private readonly logger: JsonLogger,
  ) {
    super();
  }

  async process(job: Job): Promise<{ exportId: string; created: boolean }> {
    const { name, data } = job as ExportJob;
    const registrant = await registrantOf(this.store, data.registrantId);
    const dueAt = new Date((job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp).toISOString();
    const bounds = name === 'scheduled' ? previousMonth(dueAt, registrant.timeZone) : data;
    const started = Date.now();
    const { eventStore, exports } = this.config;
    const generated = await generateInChildProcess({
      eventStore,
      exportDir: exports.dir,
      signingKey: exports.signingKey,
      request: {
        registrantId: data.registrantId,
        period: exportPeriod(bounds.from, bounds.to, registrant.timeZone),
        requestedBy: name === 'scheduled' ? 'SCHEDULE' : data.requestedBy,
        now: new Date().toISOString(),
      },
    });
    this.logger.write('info', generated.created ? 'Export generated' : 'Export already generated', {
      exportId: generated.exportId,
      registrantId: data.registrantId,
      from: generated.recorded.from,
      to: generated.recorded.to,
      events: generated.recorded.events,
      manifestSha256: generated.recorded.manifestSha256,
      ms: Date.now() - started,
    });
    // Announced on every run, not only the one that made it: a run that died after recording the
    // bundle still has it announced by its retry. The alert's job id makes it one delivery.
    const { recorded } = generated;
    await enqueueAlert(
      this.alerts,
      exportReadyAlert({
        registrantId: recorded.registrantId,
        exportId: recorded.exportId,
        from: recorded.from,
        to: recorded.to,
        manifestSha256: recorded.manifestSha256,
        occurredAt: recorded.generatedAt,
      }),
    );
    return { exportId: generated.exportId, created: generated.created };
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.write('error', 'Export failed; BullMQ retries it', {
      jobId: job?.id,
      registrantId: (job?.data as { registrantId?: string } | undefined)?.registrantId,
      attempt: job?.attemptsMade,
      error: error.message,
    });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.write('debug', 'Export worker connection error', { error: error.message });
  }
}

/** The processor, with BullMQ's job lock and stalled-job check set from configuration. */
export function exportProcessor(config: AppConfig): typeof ExportProcessor {
  const lockMs = config.jobs.lockSeconds * 1000;
  Processor(EXPORT_QUEUE, { concurrency: 1, lockDuration: lockMs, stalledInterval: lockMs })(ExportProcessor);
  return ExportProcessor;
}
