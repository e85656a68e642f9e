import {
  registrantStream,
  type CountKind,
  type Finding,
  type InventoryTaken,
  type RegistrantRegistered,
} from '@lib/ledger';
import { COMPLIANCE_OFFICER, REGISTRANT, REGISTRANT_ID } from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { registrantFindings } from './registrant-findings';

const { locations: _locations, ...registration } = REGISTRANT;
const registered: RegistrantRegistered = { type: 'RegistrantRegistered', data: registration };

const inventory = (countId: string, kind: CountKind): InventoryTaken => ({
  type: 'InventoryTaken',
  data: { countId, kind, businessTime: 'CLOSE', lines: [], zeroInventory: true },
});

/** Registered on Monday 5 January 2026, 10:00 EST. */
const REGISTERED_AT = '2026-01-05T15:00:00.000Z';
/** Midnight EST after the day of registration. */
const DAY_AFTER = '2026-01-06T05:00:00.000Z';

/** The registrant's own stream: registered, then inventories taken at the given instants. */
function ledger(...inventories: [at: string, kind: CountKind][]): RecordedHistory {
  const history = new RecordedHistory();
  history.append(registrantStream(REGISTRANT_ID), registered, { at: REGISTERED_AT, by: null });
  inventories.forEach(([at, kind], i) =>
    history.append(registrantStream(REGISTRANT_ID), inventory(`count-${i}`, kind), { at, by: COMPLIANCE_OFFICER }),
  );
  return history;
}

const cadence = (history: RecordedHistory, now: string): Finding[] =>
  registrantFindings(history.events, REGISTRANT, now, DEFAULT_DISCREPANCY_POLICY).filter(
    (f) => f.rule === 'INVENTORY_CADENCE',
  );
const subjects = (history: RecordedHistory, now: string) => cadence(history, now).map((f) => f.subject);

describe('given a registrant with no initial inventory', () => {
  const history = ledger();

  it('when the rules run on the day of registration, then nothing is due yet', () => {
    expect(cadence(history, '2026-01-06T04:59:59.999Z')).toEqual([]);
  });

  it('when the rules run from the next day, then the missing initial inventory is HIGH', () => {
    expect(cadence(history, DAY_AFTER)).toEqual([
      {
        rule: 'INVENTORY_CADENCE',
        subject: 'initial',
        registrantId: REGISTRANT_ID,
        lotId: null,
        locationId: null,
        severity: 'HIGH',
        summary: 'No initial inventory taken on the day of registration (2026-01-05).',
        figures: { registeredOn: '2026-01-05' },
        discoveredAt: DAY_AFTER,
        deadlines: [
          {
            kind: 'RESOLUTION',
            dueAt: '2026-01-08T04:59:59.999Z',
            regulation: 'Site policy: discrepancy resolved within one business day',
          },
        ],
        regulation: '21 CFR 1304.11(b)',
        evidence: [history.events[0].eventId],
        involvedUserIds: [],
      },
    ]);
  });

  it('when the initial inventory is taken days late, then the finding stands', () => {
    expect(subjects(ledger(['2026-01-08T15:00:00.000Z', 'INITIAL']), '2026-01-09T12:00:00.000Z')).toEqual(['initial']);
  });
});

describe('given an initial inventory taken on the day of registration (5 January 2026)', () => {
  const history = ledger(['2026-01-05T22:00:00.000Z', 'INITIAL']);

  it('when the rules run until 30 days before the biennial inventory is due, then there is no finding', () => {
    expect(cadence(history, '2027-12-06T04:59:59.999Z')).toEqual([]);
  });

  it('scenario 30: when the rules run 30 days before 5 January 2028, then the biennial inventory is due (LOW, INVENTORY deadline)', () => {
    expect(cadence(history, '2027-12-06T05:00:00.000Z')).toEqual([
      {
        rule: 'INVENTORY_CADENCE',
        subject: 'biennial-due-2028-01-05',
        registrantId: REGISTRANT_ID,
        lotId: null,
        locationId: null,
        severity: 'LOW',
        summary: 'Biennial inventory due by 2028-01-05 (the previous one was taken on 2026-01-05).',
        figures: { lastInventoryOn: '2026-01-05', lastInventoryKind: 'INITIAL', dueOn: '2028-01-05' },
        discoveredAt: '2027-12-06T05:00:00.000Z',
        deadlines: [{ kind: 'INVENTORY', dueAt: '2028-01-06T04:59:59.999Z', regulation: '21 CFR 1304.11(c)' }],
        regulation: '21 CFR 1304.11(c)',
        evidence: [history.events[1].eventId],
        involvedUserIds: [COMPLIANCE_OFFICER.userId],
      },
    ]);
  });

  it('scenario 30: when the rules run after the due date, then it is also overdue (HIGH)', () => {
    const [due, overdue] = cadence(history, '2028-01-06T05:00:00.000Z');
    expect([due.subject, overdue]).toEqual([
      'biennial-due-2028-01-05',
      expect.objectContaining({
        subject: 'biennial-overdue-2028-01-05',
        severity: 'HIGH',
        summary: 'Biennial inventory overdue: due by 2028-01-05, two years after the one taken on 2026-01-05.',
        discoveredAt: '2028-01-06T05:00:00.000Z',
        deadlines: [expect.objectContaining({ kind: 'RESOLUTION', dueAt: '2028-01-08T04:59:59.999Z' })],
      }),
    ]);
  });

  it('when the biennial inventory is taken within the last 30 days, then it was due but never overdue, and the next falls due two years on', () => {
    const taken = ledger(['2026-01-05T22:00:00.000Z', 'INITIAL'], ['2027-12-20T20:00:00.000Z', 'BIENNIAL']);
    expect([subjects(taken, '2028-06-01T12:00:00.000Z'), subjects(taken, '2029-11-20T05:00:00.000Z')]).toEqual([
      ['biennial-due-2028-01-05'],
      ['biennial-due-2028-01-05', 'biennial-due-2029-12-20'],
    ]);
  });

  it('when the biennial inventory is taken before the last 30 days, then nothing is flagged for 2028', () => {
    const taken = ledger(['2026-01-05T22:00:00.000Z', 'INITIAL'], ['2027-11-01T20:00:00.000Z', 'BIENNIAL']);
    expect(subjects(taken, '2028-06-01T12:00:00.000Z')).toEqual([]);
  });

  it('when only periodic counts follow, then they do not restart the two-year cycle', () => {
    const periodic = ledger(['2026-01-05T22:00:00.000Z', 'INITIAL'], ['2027-11-01T20:00:00.000Z', 'PERIODIC']);
    expect(subjects(periodic, '2028-01-06T05:00:00.000Z')).toEqual([
      'biennial-due-2028-01-05',
      'biennial-overdue-2028-01-05',
    ]);
  });
});
