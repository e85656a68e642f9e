import type { RecordedEvent } from '@lib/event-store';
import { AUDIT_COLUMNS, auditTrail } from './audit-rows';

let position = 0n;
const recorded = (recordedAt: string, overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  streamId: 'lot-5e6f7a8b-0000-4000-8000-0000000000a1',
  revision: 0,
  position: ++position,
  eventId: `0190c0de-0000-7000-8000-${String(position).padStart(12, '0')}`,
  type: 'StockDestroyed',
  data: { locationId: 'vault', quantity: 5, method: 'Chemical digestion' },
  metadata: {
    occurredAt: recordedAt,
    recordedAt,
    registrantId: 'r',
    actor: { userId: 'u1', printedName: 'Pat Pharmacist', role: 'PHARMACIST' },
    signatures: [
      { userId: 'u1', printedName: 'Pat Pharmacist', meaning: 'AUTHORSHIP', signedAt: recordedAt, payloadHash: 'p' },
      { userId: 'u2', printedName: 'Cora Compliance', meaning: 'WITNESS', signedAt: recordedAt, payloadHash: 'p' },
    ],
    correlationId: 'c',
    late: false,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  },
  ...overrides,
});

const column = (row: string[], name: (typeof AUDIT_COLUMNS)[number]) => row[AUDIT_COLUMNS.indexOf(name)];

describe('auditTrail', () => {
  it('writes the act under its actor, then the witness as an action of its own', () => {
    const [act, witness] = auditTrail('America/New_York')(recorded('2026-03-02T15:00:00.000Z'));
    expect([column(act, 'action'), column(act, 'actorPrintedName'), column(act, 'signatureMeaning')]).toEqual([
      'CREATE',
      'Pat Pharmacist',
      'AUTHORSHIP WITNESS',
    ]);
    expect([column(witness, 'action'), column(witness, 'actorPrintedName')]).toEqual(['WITNESS', 'Cora Compliance']);
  });

  it('gives the registrant clock’s offset exactly, on both sides of a change, however its hours are remembered', () => {
    const newYork = auditTrail('America/New_York');
    const offset = (trail: typeof newYork, at: string) => column(trail(recorded(at))[0], 'timezoneOffset');
    // Daylight saving starts at 07:00 UTC on 8 March 2026 in New York.
    expect(offset(newYork, '2026-03-08T06:59:59.999Z')).toBe('-05:00');
    expect(offset(newYork, '2026-03-08T07:00:00.000Z')).toBe('-04:00');
    expect(offset(newYork, '2026-03-08T06:30:00.000Z')).toBe('-05:00');
    // Lord Howe Island moves by half an hour, at 02:00 local (15:00 UTC) on 5 April 2026.
    const lordHowe = auditTrail('Australia/Lord_Howe');
    expect(offset(lordHowe, '2026-04-04T14:59:59.000Z')).toBe('+11:00');
    expect(offset(lordHowe, '2026-04-04T15:00:00.000Z')).toBe('+10:30');
    expect(offset(auditTrail('Asia/Kathmandu'), '2026-03-02T15:00:00.000Z')).toBe('+05:45');
  });
});
