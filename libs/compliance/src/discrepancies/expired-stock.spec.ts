import type { Finding, Registrant, StorageLocation } from '@lib/ledger';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  correctionRecorded,
  doseDispensed,
  doseReturned,
  INVESTIGATOR,
  LOT_A,
  lotReceived,
  PHARMACIST,
  REGISTRANT,
  stockTransferred,
  VAULT_ID,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { lotFindings } from './lot-findings';

const QUARANTINE_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c05';
const QUARANTINE: StorageLocation = {
  locationId: QUARANTINE_ID,
  name: 'Quarantine shelf',
  kind: 'QUARANTINE',
  approvedSchedules: ['I'],
};
const WITH_QUARANTINE: Registrant = { ...REGISTRANT, locations: [...REGISTRANT.locations, QUARANTINE] };

/** Lot A expires on 30 June 2026: expired from midnight EDT on 1 July (04:00 UTC). */
const EXPIRED_FROM = '2026-07-01T04:00:00.000Z';
const LATER = '2026-07-20T12:00:00.000Z';

const expired = (history: RecordedHistory, now = LATER): Finding[] =>
  lotFindings(history.events, WITH_QUARANTINE, now, DEFAULT_DISCREPANCY_POLICY).filter(
    (f) => f.rule === 'EXPIRED_STOCK',
  );

const lotA = () =>
  new RecordedHistory().lot(LOT_A, lotReceived({ expiresOn: '2026-06-30' }), { at: '2026-02-10T15:00:00.000Z' });

describe('given 100 capsules left in the vault', () => {
  const history = lotA();

  it('when the rules run on the expiry date, late in the evening local, then nothing has expired yet', () => {
    expect(expired(history, '2026-07-01T03:59:59.999Z')).toEqual([]);
  });

  it('when the rules run from midnight after the expiry date, then the vault holds expired stock (LOW)', () => {
    expect(expired(history, EXPIRED_FROM)).toEqual([
      {
        rule: 'EXPIRED_STOCK',
        subject: `${LOT_A}/${VAULT_ID}`,
        registrantId: REGISTRANT.registrantId,
        lotId: LOT_A,
        locationId: VAULT_ID,
        severity: 'LOW',
        summary: 'Lot MDM-24A-017 expired on 2026-06-30; 100 units on hand in Pharmacy vault.',
        figures: { lotNumber: 'MDM-24A-017', expiresOn: '2026-06-30', units: 100, locationKind: 'VAULT' },
        discoveredAt: EXPIRED_FROM,
        deadlines: [
          {
            kind: 'RESOLUTION',
            dueAt: '2026-07-03T03:59:59.999Z',
            regulation: 'Site policy: discrepancy resolved within one business day',
          },
        ],
        regulation: 'ICH E6 4.6; 21 CFR 1304.11(e)(3)',
        evidence: [history.events[0].eventId],
        involvedUserIds: [PHARMACIST.userId],
      },
    ]);
  });
});

describe('given the stock moved to quarantine before it expired', () => {
  it('when the rules run after expiry, then there is no finding', () => {
    const history = lotA().lot(LOT_A, stockTransferred({ toLocationId: QUARANTINE_ID, quantity: 100 }), {
      at: '2026-06-30T20:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    });
    expect(expired(history)).toEqual([]);
  });
});

describe('given the stock moved to quarantine only on the day after expiry', () => {
  it('when the rules run later, then the finding from midnight stands', () => {
    const history = lotA().lot(LOT_A, stockTransferred({ toLocationId: QUARANTINE_ID, quantity: 100 }), {
      at: '2026-07-01T14:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    });
    expect(expired(history)).toEqual(expired(lotA(), EXPIRED_FROM));
  });
});

describe('given stock in two ordinary locations at expiry', () => {
  it('when the rules run, then each location is its own finding', () => {
    const history = lotA().lot(LOT_A, stockTransferred({ quantity: 10 }), {
      at: '2026-03-03T14:00:00.000Z',
      witnesses: [INVESTIGATOR],
    });
    expect(expired(history).map((f) => [f.subject, f.figures.units])).toEqual([
      [`${LOT_A}/${VAULT_ID}`, 90],
      [`${LOT_A}/${CLINIC_ROOM_ID}`, 10],
    ]);
  });
});

describe('given everything quarantined in time but a dose returned to the vault after expiry', () => {
  it('when the rules run, then the vault holds expired stock from the return, which the finding rests on', () => {
    const D1 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c21';
    const history = lotA()
      .lot(LOT_A, doseDispensed(D1), { at: '2026-06-30T14:00:00.000Z' })
      .lot(LOT_A, stockTransferred({ toLocationId: QUARANTINE_ID, quantity: 96 }), {
        at: '2026-06-30T20:00:00.000Z',
        witnesses: [COMPLIANCE_OFFICER],
      })
      .lot(LOT_A, doseReturned(D1, 4), { at: '2026-07-02T15:00:00.000Z', by: INVESTIGATOR, witnesses: [PHARMACIST] });
    const [receipt, , , returned] = history.events;
    expect(expired(history)).toEqual([
      expect.objectContaining({
        subject: `${LOT_A}/${VAULT_ID}`,
        discoveredAt: '2026-07-02T15:00:00.000Z',
        figures: { lotNumber: 'MDM-24A-017', expiresOn: '2026-06-30', units: 4, locationKind: 'VAULT' },
        evidence: [receipt.eventId, returned.eventId],
        involvedUserIds: [PHARMACIST.userId, INVESTIGATOR.userId],
      }),
    ]);
  });
});

describe('given a correction that took the last units off the vault before expiry', () => {
  it('when the rules run, then the corrected book holds nothing expired', () => {
    const history = lotA().lot(LOT_A, stockTransferred({ toLocationId: QUARANTINE_ID, quantity: 98 }), {
      at: '2026-06-29T20:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    });
    history.lot(LOT_A, correctionRecorded(history.events[0], [{ locationId: VAULT_ID, units: -2 }]), {
      at: '2026-06-30T15:00:00.000Z',
      by: COMPLIANCE_OFFICER,
      witnesses: [PHARMACIST],
    });
    expect(expired(history)).toEqual([]);
  });
});
