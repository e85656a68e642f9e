/** An event's place in EventStoreDB's `$all`: a (commit, prepare) pair of log positions. */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

const PREPARE_BITS = 64n;
const PREPARE_MASK = (1n << PREPARE_BITS) - 1n;

/**
 * The port's single position for an EventStoreDB position. `$all` is ordered by commit, then
 * prepare position, and several events can share a commit position (those of one transaction) but
 * never a prepare position, so packing both keeps the port's positions unique and in order.
 */
export function toPortPosition({ commit, prepare }: EsdbPosition): bigint {
  return (commit << PREPARE_BITS) | prepare;
}

export function toEsdbPosition(position: bigint): EsdbPosition {
  return { commit: position >> PREPARE_BITS, prepare: position & PREPARE_MASK };
}
