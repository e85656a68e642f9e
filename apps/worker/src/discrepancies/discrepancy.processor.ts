import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DISCREPANCY_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { CaseAlerts } from './case-alerts';
import { DiscrepancyChecks, type CaseNotice } from './discrepancy-checks';
import type { DiscrepancyJob } from './discrepancy-jobs';

/**
 * Runs the checks the trigger and the sweep scheduler ask for, and sends the alerts they call for.
 * Declared a processor by `discrepancyProcessor(config)`, since its job lock comes from configuration.
 */
@Injectable()
export class DiscrepancyProcessor extends WorkerHost {
  constructor(
    private readonly checks: DiscrepancyChecks,
    private readonly alerts: CaseAlerts,
    private readonly logger: JsonLogger,
  ) {
    super();
  }

  async process(job: Job): Promise<{ notices: number }> {
    const notices = await this.run(job as unknown as DiscrepancyJob);
    for (const notice of notices.filter((n) => n.kind === 'CASE_OPENED')) {
      this.logger.write('warn', 'Discrepancy case opened', {
        caseId: notice.case.caseId,
        rule: notice.case.rule,
        registrantId: notice.case.registrantId,
        severity: notice.case.severity,
      });
    }
    await this.alerts.send(notices);
    return { notices: notices.length };
  }

  private run(job: DiscrepancyJob): Promise<CaseNotice[]> {
    switch (job.name) {
      case 'check-lot':
        return this.checks.lot(job.data.lotId);
      case 'check-registrant':
        return this.checks.registrantLedger(job.data.registrantId);
      case 'sweep':
        return this.checks.sweep();
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.write('error', 'Discrepancy check failed; BullMQ retries it', {
      job: job?.name,
      jobId: job?.id,
      attempt: job?.attemptsMade,
      error: error.message,
    });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.write('debug', 'Discrepancy worker connection error', { error: error.message });
  }
}

/** The processor, with BullMQ's job lock and stalled-job check set from configuration. */
export function discrepancyProcessor(config: AppConfig): typeof DiscrepancyProcessor {
  const lockMs = config.jobs.lockSeconds * 1000;
  Processor(DISCREPANCY_QUEUE, { concurrency: 4, lockDuration: lockMs, stalledInterval: lockMs })(DiscrepancyProcessor);
  return DiscrepancyProcessor;
}
