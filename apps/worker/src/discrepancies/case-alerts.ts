import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALERT_QUEUE, APP_CONFIG, type AppConfig } from '@lib/config';
import { caseAlert } from '../alerts/alert';
import { enqueueAlert } from '../alerts/alerts.queue';
import type { CaseNotice } from './discrepancy-checks';

/** Queues an alert for each notice, when a webhook is configured; each alert once (see `enqueueAlert`). */
@Injectable()
export class CaseAlerts {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(ALERT_QUEUE) private readonly queue: Queue,
  ) {}

  async send(notices: CaseNotice[]): Promise<void> {
    if (!this.config.alerts) return;
    const now = new Date().toISOString();
    for (const notice of notices) {
      const occurredAt = notice.kind === 'CASE_OPENED' ? notice.case.flaggedAt : now;
      await enqueueAlert(this.queue, caseAlert(notice.kind, notice.case, notice.deadline, occurredAt));
    }
  }
}
