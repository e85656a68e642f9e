import { lotStream } from '@lib/ledger';
import {
  CLINIC_ROOM_ID,
  LOT_A,
  LOT_B,
  lossReported,
  lotReceived,
  OTHER_LOT,
  OTHER_REGISTRANT,
  OTHER_REGISTRANT_ID,
  OTHER_VAULT_ID,
  REGISTRANT,
} from '../testing/fixtures';
import { aNormalMonth, D4, MARCH_COUNT } from '../testing/march';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { lotFindings } from './lot-findings';
import { registrantFindings } from './registrant-findings';

/** Friday 3 April 2026, 08:00 EDT: the 2-capsule dose of 2 April (10:00 EDT) has been out for 22 hours. */
const NOW = '2026-04-03T12:00:00.000Z';
const policy = DEFAULT_DISCREPANCY_POLICY;

describe('given a normal month of a registrant’s ledger (see testing/march.ts)', () => {
  const history = aNormalMonth();
  const lossEventId = history.events.find((e) => e.type === 'LossReported')?.eventId;

  it('when every rule runs, then it finds the dosing-room variance, the loss and the dose still out, lot by lot', () => {
    expect(registrantFindings(history.events, REGISTRANT, NOW, policy).map((f) => [f.rule, f.subject])).toEqual([
      ['COUNT_VARIANCE', `${MARCH_COUNT}/${LOT_A}/${CLINIC_ROOM_ID}`],
      ['THEFT_OR_LOSS', lossEventId],
      ['OPEN_DISPENSATION', D4],
    ]);
  });

  it('when the rules run for one lot’s stream, then they find what the registrant’s run finds for that lot', () => {
    const lotA = history.events.filter((e) => e.streamId === lotStream(LOT_A));
    expect(lotFindings(lotA, REGISTRANT, NOW, policy)).toEqual(
      registrantFindings(history.events, REGISTRANT, NOW, policy).filter((f) => f.lotId === LOT_A),
    );
  });

  it('when the rules run twice, or on the events in another order, then the findings are identical', () => {
    const once = registrantFindings(history.events, REGISTRANT, NOW, policy);
    expect([
      registrantFindings(history.events, REGISTRANT, NOW, policy),
      registrantFindings([...history.events].reverse(), REGISTRANT, NOW, policy),
    ]).toEqual([once, once]);
  });

  it('when the rules run later, then what was found stays the same, finding for finding', () => {
    const then = registrantFindings(history.events, REGISTRANT, NOW, policy);
    expect(registrantFindings(history.events, REGISTRANT, '2026-04-10T12:00:00.000Z', policy)).toEqual(then);
  });

  it('when the rules run before the closing count, then only what had arisen by then is found', () => {
    expect(
      registrantFindings(history.events, REGISTRANT, '2026-03-31T20:00:00.000Z', policy).map((f) => f.rule),
    ).toEqual(['THEFT_OR_LOSS']);
  });
});

describe('given another registrant’s lot among the events', () => {
  const history = aNormalMonth()
    .lot(OTHER_LOT, lotReceived({ lotId: OTHER_LOT, registrantId: OTHER_REGISTRANT_ID, locationId: OTHER_VAULT_ID }), {
      at: '2026-03-02T16:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(OTHER_LOT, lossReported(1, '2026-03-06T14:00:00.000Z', OTHER_VAULT_ID), {
      at: '2026-03-06T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    });

  it('when the rules run for this registrant, then that lot is left out', () => {
    expect(registrantFindings(history.events, REGISTRANT, NOW, policy).map((f) => f.lotId)).not.toContain(OTHER_LOT);
  });

  it('when one lot’s rules run with the wrong registrant, then they find nothing', () => {
    const lotB = history.events.filter((e) => e.streamId === lotStream(LOT_B));
    expect(lotFindings(lotB, OTHER_REGISTRANT, NOW, policy)).toEqual([]);
  });
});
