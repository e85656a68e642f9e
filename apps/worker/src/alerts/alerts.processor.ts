import { Inject } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ALERT_QUEUE, APP_CONFIG, JsonLogger, type AppConfig } from '@lib/config';
import type { LedgerAlert } from './alert';
import { AlertDelivery, AlertDeliveryError } from './alert-delivery';

/**
 * Delivers the alerts queue (case alerts, and exports ready) to ALERT_WEBHOOK_URL; without one, alerts are dropped (logged at
 * debug). A failed delivery throws, so BullMQ retries it with the job's backoff. One JSON log line
 * per attempt, naming the alert and the webhook's origin, never its path or secret.
 */
@Processor(ALERT_QUEUE, { concurrency: 4 })
export class AlertsProcessor extends WorkerHost {
  private readonly delivery: AlertDelivery | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly logger: JsonLogger,
  ) {
    super();
    this.delivery = config.alerts
      ? new AlertDelivery({ url: config.alerts.webhookUrl, secret: config.alerts.webhookSecret })
      : null;
  }

  async process(job: Job<LedgerAlert>): Promise<{ delivered: boolean; status?: number }> {
    const alert = job.data;
    const fields = {
      alertId: alert.alertId,
      kind: alert.kind,
      ...(alert.kind === 'EXPORT_READY' ? { exportId: alert.exportId } : { caseId: alert.caseId }),
      registrantId: alert.registrantId,
      attempt: job.attemptsMade + 1,
    };
    if (!this.delivery) {
      this.logger.write('debug', 'Alert not sent: ALERT_WEBHOOK_URL is not set', fields);
      return { delivered: false };
    }
    const started = Date.now();
    const destination = this.delivery.destination;
    try {
      const { status } = await this.delivery.deliver(alert);
      this.logger.write('info', 'Alert delivered', { ...fields, destination, status, ms: Date.now() - started });
      return { delivered: true, status };
    } catch (error) {
      const last = fields.attempt >= (job.opts.attempts ?? 1);
      this.logger.write(
        last ? 'error' : 'warn',
        last ? 'Alert delivery failed; giving up' : 'Alert delivery failed; retried',
        {
          ...fields,
          destination,
          status: error instanceof AlertDeliveryError ? error.status : null,
          error: error instanceof Error ? error.message : String(error),
          ms: Date.now() - started,
        },
      );
      throw error;
    }
  }

  /** Redis going away is reported by the worker's other connections; BullMQ reconnects by itself. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.write('debug', 'Alerts worker connection error', { error: error.message });
  }
}
