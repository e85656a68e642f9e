import { GENESIS_HASH, type LedgerMetadata } from './envelope';
import type { EventStore, RecordedEvent } from './event-store.port';

export interface Evolver<State, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
}

/** A stream folded into its current state. */
export interface Aggregate<State> {
  state: State;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  revision: number;
  /** Hash of the stream's last event (the genesis hash for an empty stream). */
  hash: string;
  /** Idempotency key ids carried by the stream's events. */
  keyIds: ReadonlySet<string>;
}

interface Entry extends Aggregate<unknown> {
  evolve: unknown;
}

/** Folded streams kept per store, most recently used last, so a command reads only what is new. */
const MAX_CACHED_STREAMS = 10_000;
const caches = new WeakMap<EventStore, Map<string, Entry>>();

function cacheOf(store: EventStore): Map<string, Entry> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  return cache;
}

export const keyIdOf = (event: RecordedEvent): string | undefined =>
  (event.metadata as Partial<LedgerMetadata>).idempotency?.keyId ?? undefined;

/**
 * The stream's current state. Events are immutable, so a state folded earlier stays true and only
 * the events recorded since are read and applied (evolvers must not mutate their input).
 */
export async function aggregateStream<State, Event>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
): Promise<Aggregate<State>> {
  const cache = cacheOf(store);
  const cached = cache.get(streamId);
  const start: Aggregate<State> =
    cached && cached.evolve === evolver.evolve
      ? (cached as Aggregate<State>)
      : { state: evolver.initialState(), revision: -1, hash: GENESIS_HASH, keyIds: new Set() };
  const events = await store.readStream(streamId, { fromRevision: start.revision + 1 });
  const aggregate = events.length === 0 ? start : applyEvents(start, events, evolver.evolve);
  cache.delete(streamId);
  cache.set(streamId, { ...aggregate, evolve: evolver.evolve });
  if (cache.size > MAX_CACHED_STREAMS) cache.delete(cache.keys().next().value as string);
  return aggregate;
}

function applyEvents<State, Event>(
  start: Aggregate<State>,
  events: RecordedEvent[],
  evolve: (state: State, event: Event) => State,
): Aggregate<State> {
  const keyIds = new Set(start.keyIds);
  let state = start.state;
  for (const event of events) {
    state = evolve(state, event as unknown as Event);
    const keyId = keyIdOf(event);
    if (keyId) keyIds.add(keyId);
  }
  const last = events[events.length - 1];
  return { state, revision: last.revision, hash: String((last.metadata as Partial<LedgerMetadata>).hash), keyIds };
}
