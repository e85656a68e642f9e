import { assertNotInFuture, isLateEntry, LATE_ENTRY_AFTER_MS } from './entry-timing';
import { LedgerError } from './ledger-error';

const NOW = '2026-03-02T19:00:00.000Z';

const refusal = (act: () => void): { code: string; message: string; errors?: unknown } | 'accepted' => {
  try {
    act();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    return error.errors
      ? { code: error.code, message: error.message, errors: error.errors }
      : { code: error.code, message: error.message };
  }
};

describe('an act’s occurredAt against the moment of recording', () => {
  it('accepts the very instant of recording and refuses one millisecond later (OCCURRED_IN_FUTURE)', () => {
    expect([
      refusal(() => assertNotInFuture(NOW, NOW)),
      refusal(() => assertNotInFuture('2026-03-02T19:00:00.001Z', NOW)),
    ]).toEqual(['accepted', { code: 'OCCURRED_IN_FUTURE', message: 'occurredAt lies in the future.' }]);
  });

  it('compares instants, not strings: 14:00:01 at −05:00 is after 19:00 UTC', () => {
    expect([
      refusal(() => assertNotInFuture('2026-03-02T14:00:00-05:00', NOW)),
      refusal(() => assertNotInFuture('2026-03-02T14:00:01-05:00', NOW)),
    ]).toEqual(['accepted', { code: 'OCCURRED_IN_FUTURE', message: 'occurredAt lies in the future.' }]);
  });

  it('names the field it checks', () => {
    expect(refusal(() => assertNotInFuture('2026-03-03T00:00:00Z', NOW, 'discoveredAt'))).toEqual({
      code: 'OCCURRED_IN_FUTURE',
      message: 'discoveredAt lies in the future.',
    });
  });

  it('refuses a value that is no instant at all (VALIDATION_FAILED), rather than letting it pass', () => {
    expect(refusal(() => assertNotInFuture('soon', NOW))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'occurredAt must be an ISO 8601 date and time.',
      errors: [{ field: 'occurredAt', message: 'occurredAt must be an ISO 8601 date and time.' }],
    });
  });
});

describe('a late entry', () => {
  it('is an act recorded more than 24 hours after it happened', () => {
    expect(LATE_ENTRY_AFTER_MS).toBe(86_400_000);
    expect([
      isLateEntry('2026-03-02T18:45:00.000Z', NOW),
      isLateEntry('2026-03-01T19:00:00.000Z', NOW),
      isLateEntry('2026-03-01T18:59:59.999Z', NOW),
    ]).toEqual([false, false, true]);
  });

  it('scenario 46 (flag only): an entry recorded 3 days after the act is late; v1 requires no reason', () => {
    expect(isLateEntry('2026-02-27T19:00:00.000Z', NOW)).toBe(true);
  });

  it('compares instants across offsets: 14:00 at −05:00 the day before is exactly 24 hours, not late', () => {
    expect([isLateEntry('2026-03-01T14:00:00-05:00', NOW), isLateEntry('2026-03-01T13:59:59-05:00', NOW)]).toEqual([
      false,
      true,
    ]);
  });
});
