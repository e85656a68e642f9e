import { REGISTRANT } from './testing/fixtures';
import { aNormalMonth, MARCH } from './testing/march';
import { mergeReconciliations } from './reconciliation-merge';
import { reconcile } from './reconciliation';

const byStream = (events: ReturnType<typeof aNormalMonth>['events']) => {
  const streams = new Map<string, typeof events>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  return [...streams.values()];
};

describe('mergeReconciliations', () => {
  it('gives, lot by lot, exactly what reconciling every event at once gives', () => {
    const { events } = aNormalMonth();
    const whole = reconcile(events, REGISTRANT, MARCH);
    const lots = byStream(events);
    expect(lots.length).toBeGreaterThan(1);
    expect(whole.lots.length).toBeGreaterThan(1);
    // Parts in reverse, and an empty part first: order is the merge's business, not the caller's.
    const parts = [reconcile([], REGISTRANT, MARCH), ...lots.reverse().map((lot) => reconcile(lot, REGISTRANT, MARCH))];
    expect(mergeReconciliations(parts, REGISTRANT)).toEqual(whole);
  });

  it('reconciles no lots at all to an empty period whose checks pass', () => {
    const empty = reconcile([], REGISTRANT, MARCH);
    const merged = mergeReconciliations([empty], REGISTRANT);
    expect(merged).toEqual(empty);
    expect(merged.lines).toEqual([]);
    expect(Object.values(merged.checks).every((c) => c.ok)).toBe(true);
  });
});
