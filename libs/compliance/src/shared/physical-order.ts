import type { Recorded } from '@lib/ledger';

/**
 * DEA records go by the date of the physical act (21 CFR 1304.21(d)), not the date it was
 * recorded: an entry made late still counts where it happened. `occurredAt` is that act.
 */
export const occurredAtMs = (event: Recorded): number => Date.parse(event.metadata.occurredAt);

/** By global position: the order the store recorded the events in. */
const byPosition = (a: Recorded, b: Recorded): number =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : 0;

/** By the physical act; two acts at the same instant keep the order the store recorded them in. */
export const comparePhysical = (a: Recorded, b: Recorded): number =>
  occurredAtMs(a) - occurredAtMs(b) || byPosition(a, b);

/** Events in physical order, each with its `occurredAt` in milliseconds (parsed once per event). */
export function timedInPhysicalOrder<E extends Recorded>(events: Iterable<E>): { event: E; at: number }[] {
  return [...events]
    .map((event) => ({ event, at: occurredAtMs(event) }))
    .sort((a, b) => a.at - b.at || byPosition(a.event, b.event));
}

/** A new array of the events in physical order (stable: ties go by global position). */
export const inPhysicalOrder = <E extends Recorded>(events: Iterable<E>): E[] =>
  timedInPhysicalOrder(events).map(({ event }) => event);
