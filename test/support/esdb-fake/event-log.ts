import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** A position in `$all`, as EventStoreDB reports it. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** An event as the client proposes it. */
export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface LoggedEvent extends ProposedEvent {
  streamName: string;
  revision: bigint;
  position: LogPosition;
  /** .NET ticks (100 ns) since the Unix epoch, as the server stamps it. */
  created: bigint;
}

/** The four expected-revision kinds of the wire protocol. */
export type Expectation = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome =
  /** `position` is missing when the append was recognised as a retry and nothing was written. */
  { ok: true; currentRevision?: bigint; position?: LogPosition } | { ok: false; currentRevision?: bigint };

/** Where the first record lands: a real log starts with its own epoch and chunk records. */
const FIRST_LOG_POSITION = 1_048_576n;
/** Bytes of a log record besides its stream name, type, data and metadata. */
const RECORD_OVERHEAD = 83n;
const TICKS_AT_UNIX_EPOCH_PER_MS = 10_000n;

/** What a real server has written to `$all` before any client appends. */
const SYSTEM_EVENTS: { streamName: string; type: string; data: object }[] = [
  { streamName: '$$$settings', type: '$metadata', data: { $acl: { $r: '$all' } } },
  { streamName: '$settings', type: '$settings', data: { $userStreamAcl: { $r: '$all' } } },
  { streamName: '$stats-127.0.0.1:2113', type: '$statsCollected', data: { 'proc-cpu': 1.5 } },
];

/**
 * The fake's storage: per-stream arrays and one global log. Positions grow like byte offsets
 * (sparse, never 0); the events of one append share the commit position of its first event and
 * each has its own prepare position. Emits `appended` with the events of each write.
 */
export class EventLog extends EventEmitter {
  readonly all: LoggedEvent[] = [];
  private readonly streams = new Map<string, LoggedEvent[]>();
  private nextLogPosition = FIRST_LOG_POSITION;

  constructor() {
    super();
    for (const { streamName, type, data } of SYSTEM_EVENTS) {
      const json = Buffer.from(JSON.stringify(data));
      const event = { id: randomUUID(), type, contentType: 'application/json', data: json };
      this.write(streamName, [{ ...event, customMetadata: new Uint8Array() }]);
    }
  }

  stream(streamName: string): LoggedEvent[] | undefined {
    return this.streams.get(streamName);
  }

  append(streamName: string, expected: Expectation, events: ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.at(-1)?.revision;
    const retried = this.alreadyAppended(stream, expected, events);
    if (retried !== undefined) return { ok: true, currentRevision: retried };
    const satisfied =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      expected === current;
    if (!satisfied) return { ok: false, currentRevision: current };
    if (events.length === 0) return { ok: true, currentRevision: current };

    const written = this.write(streamName, events);
    // Like a real server's reply, one log position as both commit and prepare: here the last event's.
    const { prepare } = written[written.length - 1].position;
    return { ok: true, currentRevision: written[written.length - 1].revision, position: { commit: prepare, prepare } };
  }

  /**
   * The durable idempotency check of a real server: an append with an exact expectation whose
   * events already follow that revision, id for id, succeeds without writing. Returns the
   * revision of the last of them, or undefined when this is not such a retry.
   */
  private alreadyAppended(stream: LoggedEvent[], expected: Expectation, events: ProposedEvent[]): bigint | undefined {
    if (events.length === 0 || (expected !== 'no_stream' && typeof expected !== 'bigint')) return undefined;
    const first = expected === 'no_stream' ? 0 : Number(expected) + 1;
    const following = stream.slice(first, first + events.length);
    const same = following.length === events.length && following.every((event, i) => event.id === events[i].id);
    return same ? following[following.length - 1].revision : undefined;
  }

  private write(streamName: string, events: ProposedEvent[]): LoggedEvent[] {
    const stream = this.streams.get(streamName) ?? [];
    const commit = this.nextLogPosition;
    const created = BigInt(Date.now()) * TICKS_AT_UNIX_EPOCH_PER_MS;
    const written = events.map((event) => {
      const logged = {
        ...event,
        streamName,
        revision: BigInt(stream.length),
        position: { commit, prepare: this.nextLogPosition },
        created,
      };
      this.nextLogPosition += RECORD_OVERHEAD + BigInt(recordSize(logged));
      stream.push(logged);
      this.all.push(logged);
      return logged;
    });
    this.streams.set(streamName, stream);
    this.emit('appended', written);
    return written;
  }
}

function recordSize(event: LoggedEvent): number {
  return (
    Buffer.byteLength(event.streamName) +
    Buffer.byteLength(event.type) +
    event.data.length +
    event.customMetadata.length
  );
}
