import { registrantStream } from '@lib/ledger';
import {
  doseAdministered,
  doseDispensed,
  LOT_A,
  LOT_B,
  lotReceived,
  OTHER_LOT,
  OTHER_REGISTRANT_ID,
  OTHER_VAULT_ID,
  REGISTRANT_ID,
  stockDestroyed,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { lotHistories } from './lot-histories';

describe('a registrant’s lot histories', () => {
  const history = new RecordedHistory();
  history.append(
    registrantStream(REGISTRANT_ID),
    { type: 'StorageLocationAdded', data: {} },
    { at: '2026-02-01T15:00:00.000Z' },
  );
  history
    .lot(LOT_A, lotReceived(), { at: '2026-03-02T15:00:00.000Z' })
    .lot(OTHER_LOT, lotReceived({ lotId: OTHER_LOT, registrantId: OTHER_REGISTRANT_ID, locationId: OTHER_VAULT_ID }), {
      at: '2026-03-02T16:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003' }), { at: '2026-03-03T15:00:00.000Z' })
    .lot(LOT_A, doseDispensed('d-1'), { at: '2026-03-05T15:00:00.000Z' })
    .lot(LOT_A, { type: 'LotRelabelled', data: {} }, { at: '2026-03-05T16:00:00.000Z' })
    .lot(OTHER_LOT, stockDestroyed(5, OTHER_VAULT_ID), {
      at: '2026-03-06T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(LOT_A, doseAdministered('d-1', 4), { at: '2026-03-04T15:00:00.000Z', recordedAt: '2026-03-07T15:00:00.000Z' });

  it('are the lots received for that registrant, each with its own events in physical order', () => {
    expect(
      lotHistories(history.events, REGISTRANT_ID).map((h) => [h.lot.lotId, h.streamId, h.events.map((e) => e.type)]),
    ).toEqual([
      [LOT_A, `lot-${LOT_A}`, ['LotReceived', 'DoseAdministered', 'DoseDispensed']],
      [LOT_B, `lot-${LOT_B}`, ['LotReceived']],
    ]);
  });

  it('leave out another registrant’s lots, registrant streams and event types this version does not know', () => {
    const other = lotHistories(history.events, OTHER_REGISTRANT_ID);
    expect(other.map((h) => [h.lot.lotId, h.events.map((e) => e.type)])).toEqual([
      [OTHER_LOT, ['LotReceived', 'StockDestroyed']],
    ]);
  });

  it('do not depend on the order the events are passed in', () => {
    const reversed = lotHistories([...history.events].reverse(), REGISTRANT_ID);
    expect(reversed.map((h) => h.events.map((e) => e.eventId))).toEqual(
      lotHistories(history.events, REGISTRANT_ID).map((h) => h.events.map((e) => e.eventId)),
    );
  });

  it('keep each dispensation’s participant, session and physical time', () => {
    const [lotA] = lotHistories(history.events, REGISTRANT_ID);
    expect(lotA.dispensations.get('d-1')).toEqual({
      ...doseDispensed('d-1').data,
      dispensedAt: '2026-03-05T15:00:00.000Z',
    });
  });
});
