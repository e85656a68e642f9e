import type { LedgerAlert } from './alert';
import { signatureHeaders } from './webhook-signature';

export interface AlertWebhook {
  url: string;
  secret: string;
}

/** A receiver that has not answered within this time has failed this attempt. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Why a delivery failed. It is logged, and kept by BullMQ as the job's failure, so it names neither
 * the webhook's URL nor its secret.
 */
export class AlertDeliveryError extends Error {
  constructor(
    message: string,
    /** The receiver's HTTP status, when it answered. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'AlertDeliveryError';
  }
}

/**
 * Why fetch failed: a timeout, or its cause's code (ECONNREFUSED, ENOTFOUND ...). Read by shape,
 * not `instanceof`: fetch's errors may come from another realm.
 */
const describe = (error: unknown): string => {
  const { name, message, cause } = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (name === 'TimeoutError') return `no answer within ${DELIVERY_TIMEOUT_MS} ms`;
  return String(cause?.code ?? cause?.message ?? message ?? error);
};

/**
 * POSTs one alert to the webhook, signed (see webhook-signature.ts). Anything but a 2xx answer
 * (a redirect included: the signed body goes to the configured URL only) throws, so BullMQ
 * retries the job.
 */
export class AlertDelivery {
  constructor(private readonly webhook: AlertWebhook) {}

  /** Where alerts go, safe to log: the URL's origin (its path may itself be a secret). */
  get destination(): string {
    return new URL(this.webhook.url).origin;
  }

  async deliver(alert: LedgerAlert): Promise<{ status: number }> {
    const body = JSON.stringify(alert);
    let response: Response;
    try {
      response = await fetch(this.webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...signatureHeaders(this.webhook.secret, alert.alertId, body, Date.now()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AlertDeliveryError(`Alert webhook unreachable: ${describe(error)}`, null);
    }
    // Only the status matters; releasing the body frees the connection.
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) {
      throw new AlertDeliveryError(`Alert webhook answered ${response.status}`, response.status);
    }
    return { status: response.status };
  }
}
