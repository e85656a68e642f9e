import type { RecordedMetadata } from '@lib/ledger';
import { COMPLIANCE_OFFICER, INVESTIGATOR, PHARMACIST, type Person } from '../testing/fixtures';
import { witnessing } from './two-people';

const metadata = (actor: Person | null, signatures: [Person, string][]): RecordedMetadata => ({
  occurredAt: '2026-03-10T15:00:00.000Z',
  recordedAt: '2026-03-10T15:05:00.000Z',
  registrantId: null,
  actor,
  signatures: signatures.map(([p, meaning]) => ({
    userId: p.userId,
    printedName: p.printedName,
    meaning,
    signedAt: '2026-03-10T15:05:00.000Z',
    payloadHash: 'a'.repeat(64),
  })),
  late: false,
});

const ref = ({ userId, printedName }: Person) => ({ userId, printedName });

describe('two distinct people on an act', () => {
  it('are there when the actor signs and somebody else signs as WITNESS', () => {
    expect(
      witnessing(
        metadata(PHARMACIST, [
          [PHARMACIST, 'AUTHORSHIP'],
          [COMPLIANCE_OFFICER, 'WITNESS'],
        ]),
      ),
    ).toEqual({ actor: ref(PHARMACIST), witnesses: [ref(COMPLIANCE_OFFICER)], gap: null });
  });

  it('are missing with no WITNESS signature, whoever else signed for another meaning', () => {
    expect(
      witnessing(
        metadata(PHARMACIST, [
          [PHARMACIST, 'AUTHORSHIP'],
          [COMPLIANCE_OFFICER, 'REVIEW'],
        ]),
      ),
    ).toEqual({ actor: ref(PHARMACIST), witnesses: [], gap: 'NO_WITNESS' });
  });

  it('are missing when the only witness is the actor', () => {
    expect(witnessing(metadata(PHARMACIST, [[PHARMACIST, 'WITNESS']])).gap).toBe('ONE_PERSON');
  });

  it('without an actor, need two different witnesses', () => {
    expect([
      witnessing(metadata(null, [[INVESTIGATOR, 'WITNESS']])).gap,
      witnessing(
        metadata(null, [
          [INVESTIGATOR, 'WITNESS'],
          [INVESTIGATOR, 'WITNESS'],
        ]),
      ).gap,
      witnessing(
        metadata(null, [
          [INVESTIGATOR, 'WITNESS'],
          [PHARMACIST, 'WITNESS'],
        ]),
      ).gap,
    ]).toEqual(['ONE_PERSON', 'ONE_PERSON', null]);
  });
});
