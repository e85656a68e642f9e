import type * as grpc from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { AppendOutcome, EventLog, Expectation, ProposedEvent } from './event-log';
import { allStreamPosition, expectationOf, proposedEvent, streamIdentifier, streamNameOf, uuid } from './wire';

/** What the append handlers need from the fake: its log, and whether it is frozen (never answers). */
export interface AppendTarget {
  log: EventLog;
  frozen(): boolean;
}

/**
 * `Streams.Append`: one options message, then one message per event. A conflict is answered with
 * `AppendResp.wrong_expected_version`, not with an error status.
 */
export function appendHandler(target: AppendTarget): grpc.handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback) => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else events.push(proposedEvent(request.getProposedMessage()!));
    });
    call.on('end', () => {
      if (target.frozen()) return;
      const expected = expectationOf(options!, options!.getRevision());
      const outcome = target.log.append(streamNameOf(options!.getStreamIdentifier()), expected, events);
      callback(null, outcome.ok ? appendSuccess(outcome) : appendConflict(expected, outcome.currentRevision));
    });
  };
}

/**
 * `Streams.BatchAppend`: a long-lived bidirectional stream; each append is one or more requests
 * with the same correlation id, the last marked `is_final`. A conflict is answered with a
 * `google.rpc.Status` whose details pack `event_store.client.WrongExpectedVersion`.
 */
export function batchAppendHandler(
  target: AppendTarget,
): grpc.handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, { options: BatchAppendReq.Options; events: ProposedEvent[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId()!.getString();
      const batch = pending.get(correlationId) ?? { options: request.getOptions()!, events: [] };
      batch.events.push(...request.getProposedMessagesList().map(proposedEvent));
      pending.set(correlationId, batch);
      if (!request.getIsFinal() || target.frozen()) return;
      pending.delete(correlationId);

      const streamName = streamNameOf(batch.options.getStreamIdentifier());
      const expected = expectationOf(batch.options, batch.options.getStreamPosition());
      const outcome = target.log.append(streamName, expected, batch.events);
      const response = new BatchAppendResp()
        .setCorrelationId(uuid(correlationId))
        .setStreamIdentifier(streamIdentifier(streamName));
      setBatchExpectation(response, expected);
      if (outcome.ok) response.setSuccess(batchSuccess(outcome));
      else response.setError(batchConflict(expected, outcome.currentRevision));
      call.write(response);
    });
    call.on('end', () => call.end());
  };
}

function appendSuccess({ currentRevision, position }: AppendOutcome & { ok: true }): AppendResp {
  const success = new AppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(new Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new Empty());
  else
    success.setPosition(
      new AppendResp.Position()
        .setCommitPosition(position.commit.toString())
        .setPreparePosition(position.prepare.toString()),
    );
  return new AppendResp().setSuccess(success);
}

function appendConflict(expected: Expectation, current: bigint | undefined): AppendResp {
  const conflict = new AppendResp.WrongExpectedVersion();
  if (current === undefined) conflict.setCurrentNoStream(new Empty());
  else conflict.setCurrentRevision(current.toString());
  if (expected === 'any') conflict.setExpectedAny(new Empty());
  else if (expected === 'no_stream') conflict.setExpectedNoStream(new Empty());
  else if (expected === 'stream_exists') conflict.setExpectedStreamExists(new Empty());
  else conflict.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(conflict);
}

function batchSuccess({ currentRevision, position }: AppendOutcome & { ok: true }): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new ProtobufEmpty());
  else success.setPosition(allStreamPosition(position));
  return success;
}

function batchConflict(expected: Expectation, current: bigint | undefined): Status {
  const conflict = new WrongExpectedVersion();
  if (current === undefined) conflict.setCurrentNoStream(new ProtobufEmpty());
  else conflict.setCurrentStreamRevision(current.toString());
  if (expected === 'any') conflict.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'no_stream') conflict.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') conflict.setExpectedStreamExists(new ProtobufEmpty());
  else conflict.setExpectedStreamPosition(expected.toString());
  const details = new Any();
  details.pack(conflict.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(Code.FAILED_PRECONDITION).setMessage('Wrong expected version.').setDetails(details);
}

function setBatchExpectation(response: BatchAppendResp, expected: Expectation): void {
  if (expected === 'any') response.setAny(new ProtobufEmpty());
  else if (expected === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') response.setStreamExists(new ProtobufEmpty());
  else response.setStreamPosition(expected.toString());
}
