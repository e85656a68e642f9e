import { createHash } from 'node:crypto';
import { canonicalJson } from '@lib/event-store';

/** Secrets never enter a fingerprint: a hash of a password could be attacked offline. */
const withoutPasswords = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutPasswords);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'password')
      .map(([key, v]) => [key, withoutPasswords(v)]),
  );
};

/** Identifies "the same request": method, path and body (minus passwords), canonicalised. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const content = canonicalJson({ method, path, body: withoutPasswords(body ?? {}) });
  return createHash('sha256').update(content).digest('hex');
}
