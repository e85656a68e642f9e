import { lotReceived, LOT_A, stockDestroyed, stockTransferred } from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { comparePhysical, inPhysicalOrder } from './physical-order';

describe('physical order', () => {
  it('puts a late entry where the act happened, not where it was recorded', () => {
    const history = new RecordedHistory()
      .lot(LOT_A, lotReceived(), { at: '2026-03-02T15:00:00.000Z' })
      .lot(LOT_A, stockDestroyed(5), { at: '2026-03-10T15:00:00.000Z' })
      .lot(LOT_A, stockTransferred(), { at: '2026-03-05T15:00:00.000Z', recordedAt: '2026-03-11T09:00:00.000Z' });
    expect(inPhysicalOrder(history.events).map((e) => e.type)).toEqual([
      'LotReceived',
      'StockTransferred',
      'StockDestroyed',
    ]);
  });

  it('keeps the recording order (global position) for acts at the same instant', () => {
    const at = '2026-03-05T15:00:00.000Z';
    const history = new RecordedHistory()
      .lot(LOT_A, stockDestroyed(1), { at })
      .lot(LOT_A, stockDestroyed(2), { at })
      .lot(LOT_A, stockDestroyed(3), { at });
    const [first, second, third] = history.events;
    expect(inPhysicalOrder([third, first, second])).toEqual([first, second, third]);
    expect([comparePhysical(first, second), comparePhysical(second, first), comparePhysical(first, first)]).toEqual([
      -1, 1, 0,
    ]);
  });

  it('compares instants, not text: 14:00 at −05:00 is after 18:30 UTC', () => {
    const history = new RecordedHistory()
      .lot(LOT_A, stockDestroyed(1), { at: '2026-03-05T14:00:00-05:00' })
      .lot(LOT_A, stockDestroyed(2), { at: '2026-03-05T18:30:00.000Z' });
    expect(inPhysicalOrder(history.events).map((e) => (e.data as { quantity: number }).quantity)).toEqual([2, 1]);
  });

  it('returns a new array and leaves the input as it was', () => {
    const history = new RecordedHistory()
      .lot(LOT_A, stockDestroyed(1), { at: '2026-03-06T00:00:00.000Z' })
      .lot(LOT_A, stockDestroyed(2), { at: '2026-03-05T00:00:00.000Z' });
    const input = [...history.events];
    const sorted = inPhysicalOrder(input);
    expect([sorted === input, input[0] === history.events[0], sorted[0] === history.events[1]]).toEqual([
      false,
      true,
      true,
    ]);
  });
});
