import { aggregateStream, keyIdOf } from './aggregate-stream';
import { sealEvents, type UnsealedMetadata } from './envelope';
import { WrongExpectedRevisionError } from './errors';
import type { EventStore, NewEvent } from './event-store.port';

/** The client's `If-Match` revision no longer matches the stream. */
export class RevisionMismatchError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual}, not ${expected}`);
    this.name = 'RevisionMismatchError';
  }
}

/** Concurrent writers kept winning the race for this stream. */
export class ConcurrencyRetriesExhaustedError extends Error {
  constructor(
    readonly streamId: string,
    attempts: number,
  ) {
    super(`Stream ${streamId}: still conflicting after ${attempts} attempts`);
    this.name = 'ConcurrencyRetriesExhaustedError';
  }
}

interface EventLike {
  type: string;
  data: unknown;
}

export type CommandEvent = NewEvent & { revision: number };

export interface CommandOutcome<State> {
  /** The command's events: appended now, or found already recorded under its idempotency key. */
  events: CommandEvent[];
  /** The stream's state right after those events. */
  state: State;
  /** The stream's revision right after those events (-1: the stream does not exist). */
  revision: number;
  /** True when the events were already recorded by an earlier attempt with the same key. */
  replayed: boolean;
}

export interface HandleCommandOptions<State, Event extends EventLike> {
  streamId: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  /** Pure: what the command adds to a stream in this state. Throws to refuse. */
  decide: (state: State) => Event[];
  /** The id and (unsealed) envelope of each new event. */
  envelope: (event: Event, index: number) => { eventId: string; metadata: UnsealedMetadata };
  /** The command's idempotency key id: a stream that already holds it answers with those events. */
  idempotencyKeyId?: string;
  /** From `If-Match`: decide only on this exact revision, and never retry. */
  expectedRevision?: number;
  maxAttempts?: number;
}

/** Commands on one stream queue behind each other within a process, so they rarely conflict. */
const streamQueues = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

function serialised<T>(store: EventStore, streamId: string, work: () => Promise<T>): Promise<T> {
  const queues = streamQueues.get(store) ?? new Map<string, Promise<unknown>>();
  streamQueues.set(store, queues);
  const previous = queues.get(streamId) ?? Promise.resolve();
  const current = previous.then(work, work);
  const settled = current.then(
    () => undefined,
    () => undefined,
  );
  queues.set(streamId, settled);
  void settled.then(() => {
    if (queues.get(streamId) === settled) queues.delete(streamId);
  });
  return current;
}

/**
 * Read the stream, fold, decide, append with the revision read. On a conflict (another process
 * wrote first), re-read and re-decide, a bounded number of times; with an explicit expected
 * revision, report it instead. Idempotency is owned here, by the stream's own history, not by
 * the store's duplicate check.
 */
export function handleCommand<State, Event extends EventLike>(
  store: EventStore,
  options: HandleCommandOptions<State, Event>,
): Promise<CommandOutcome<State>> {
  return serialised(store, options.streamId, () => decideAndAppend(store, options));
}

async function decideAndAppend<State, Event extends EventLike>(
  store: EventStore,
  options: HandleCommandOptions<State, Event>,
): Promise<CommandOutcome<State>> {
  const { streamId, decide, envelope, idempotencyKeyId, expectedRevision } = options;
  const maxAttempts = options.maxAttempts ?? 10;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = await aggregateStream(store, streamId, options);
    if (idempotencyKeyId && current.keyIds.has(idempotencyKeyId)) return replay(store, options, idempotencyKeyId);
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new RevisionMismatchError(streamId, expectedRevision, current.revision);
    }

    const decided = decide(current.state);
    if (decided.length === 0) return { events: [], state: current.state, revision: current.revision, replayed: false };

    const sealed = sealEvents(
      streamId,
      current.hash,
      decided.map((event, index) => ({ ...envelope(event, index), type: event.type, data: event.data })),
    );
    try {
      await store.appendToStream(streamId, sealed, {
        expectedRevision: current.revision < 0 ? 'no_stream' : current.revision,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (expectedRevision !== undefined) throw new RevisionMismatchError(streamId, expectedRevision, error.actual);
      continue;
    }
    return {
      events: sealed.map((event, index) => ({ ...event, revision: current.revision + 1 + index })),
      state: decided.reduce(options.evolve, current.state),
      revision: current.revision + decided.length,
      replayed: false,
    };
  }
  throw new ConcurrencyRetriesExhaustedError(streamId, maxAttempts);
}

/** The events an earlier attempt with the same key recorded, and the state right after them. */
async function replay<State, Event extends EventLike>(
  store: EventStore,
  { streamId, initialState, evolve }: HandleCommandOptions<State, Event>,
  keyId: string,
): Promise<CommandOutcome<State>> {
  const history = await store.readStream(streamId);
  const earlier = history.filter((e) => keyIdOf(e) === keyId);
  const through = earlier[earlier.length - 1].revision;
  const state = history.slice(0, through + 1).reduce((s, e) => evolve(s, e as unknown as Event), initialState());
  return { events: earlier, state, revision: through, replayed: true };
}
