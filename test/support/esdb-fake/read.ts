import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, LoggedEvent, LogPosition } from './event-log';
import { eventResponse, streamIdentifier, streamNameOf } from './wire';

type Options = ReadReq.Options;
const { BACKWARDS } = ReadReq.Options.ReadDirection;
const StreamStart = ReadReq.Options.StreamOptions.RevisionOptionCase;
const AllStart = ReadReq.Options.AllOptions.AllOptionCase;

/** What the read handler needs from the fake: its log, and whether it is frozen (never answers). */
export interface ReadSource {
  log: EventLog;
  frozen(): boolean;
}

/**
 * `Streams.Read`: a read of one stream, a read of `$all`, or a subscription to `$all`
 * (confirmation, catch-up, `caughtUp`, then live events until the client cancels).
 */
export function readHandler(source: ReadSource): grpc.handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    if (source.frozen()) return;
    const options = call.request.getOptions()!;
    if (options.hasSubscription()) {
      if (options.hasAll()) return subscribeToAll(source.log, options, call);
      return call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'The fake has no stream subscriptions' });
    }
    if (options.hasAll()) {
      for (const event of readAll(source.log.all, options)) call.write(eventResponse(event));
    } else {
      const streamName = streamNameOf(options.getStream()!.getStreamIdentifier());
      const stream = source.log.stream(streamName);
      if (stream === undefined) call.write(streamNotFound(streamName));
      else for (const event of readStream(stream, options)) call.write(eventResponse(event));
    }
    call.end();
  };
}

/** Forwards from a revision includes it; so does backwards. */
function readStream(stream: LoggedEvent[], options: Options): LoggedEvent[] {
  const streamOptions = options.getStream()!;
  const backwards = options.getReadDirection() === BACKWARDS;
  const last = stream[stream.length - 1].revision;
  const from =
    streamOptions.getRevisionOptionCase() === StreamStart.START
      ? 0n
      : streamOptions.getRevisionOptionCase() === StreamStart.END
        ? last + (backwards ? 0n : 1n)
        : BigInt(streamOptions.getRevision());
  const selected = backwards
    ? stream.filter((event) => event.revision <= from).reverse()
    : stream.filter((event) => event.revision >= from);
  return selected.slice(0, Number(options.getCount()));
}

/** Forwards from a position includes it; backwards excludes it. */
function readAll(all: LoggedEvent[], options: Options): LoggedEvent[] {
  const backwards = options.getReadDirection() === BACKWARDS;
  const from = startOf(options);
  const selected = backwards
    ? all.filter((event) => compare(event.position, from) < 0).reverse()
    : all.filter((event) => compare(event.position, from) >= 0);
  return selected.slice(0, Number(options.getCount()));
}

/** Subscriptions start after their position (exclusive). */
function subscribeToAll(log: EventLog, options: Options, call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
  const from = startOf(options);
  const matches = filterOf(options);
  const send = (event: LoggedEvent) => {
    if (matches(event)) call.write(eventResponse(event));
  };
  const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  call.write(new ReadResp().setConfirmation(confirmation));
  log.all.filter((event) => compare(event.position, from) > 0).forEach(send);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  const live = (events: LoggedEvent[]) => events.forEach(send);
  log.on('appended', live);
  call.on('cancelled', () => log.off('appended', live));
}

/** Where a read of `$all` starts: `start` lies before every event, `end` after every event. */
function startOf(options: Options): LogPosition {
  const all = options.getAll()!;
  switch (all.getAllOptionCase()) {
    case AllStart.POSITION: {
      const position = all.getPosition()!;
      return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
    }
    case AllStart.END:
      return { commit: 2n ** 64n, prepare: 0n };
    default:
      return { commit: 0n, prepare: 0n };
  }
}

function filterOf(options: Options): (event: LoggedEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const prefixes = expression.getPrefixList();
  const regex = new RegExp(expression.getRegex());
  const test = (value: string) => (prefixes.length > 0 ? prefixes.some((p) => value.startsWith(p)) : regex.test(value));
  return (event) => test(onType ? event.type : event.streamName);
}

function compare(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function streamNotFound(streamName: string): ReadResp {
  return new ReadResp().setStreamNotFound(
    new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName)),
  );
}
