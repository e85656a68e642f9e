import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Ledger-Signature';
export const TIMESTAMP_HEADER = 'X-Ledger-Timestamp';
export const ALERT_ID_HEADER = 'X-Ledger-Alert-Id';

/**
 * The signature of an alert POST, sent as `X-Ledger-Signature: sha256=<hex>`.
 *
 * What is signed, exactly: the UTF-8 bytes of `<timestamp>.<body>`, where `<timestamp>` is the
 * value of the `X-Ledger-Timestamp` header (Unix time in whole seconds, decimal) and `<body>` the
 * raw request body as sent (the alert's JSON), joined by one `.`. The MAC is HMAC-SHA256 keyed
 * with the UTF-8 bytes of ALERT_WEBHOOK_SECRET, written as 64 lower-case hex digits.
 *
 * A receiver recomputes it over the raw body (before any JSON parsing) and the timestamp header,
 * compares in constant time, refuses a timestamp far from its own clock (a replay), and
 * deduplicates on `X-Ledger-Alert-Id` (delivery is at least once).
 */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** The headers that authenticate an alert POST of `body`, signed at `now` (milliseconds). */
export function signatureHeaders(secret: string, alertId: string, body: string, now: number): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
    [TIMESTAMP_HEADER]: timestamp,
    [ALERT_ID_HEADER]: alertId,
  };
}
