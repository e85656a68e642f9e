/**
 * An in-process EventStoreDB "protocol fake": a gRPC server built with `@grpc/grpc-js` and the
 * service definitions generated inside `@eventstore/db-client` (the same installed copy the adapter
 * uses), so the real client talks to it over loopback exactly as it talks to a server. Tests that
 * pass here show the adapter and the client are right about the wire protocol AS THIS FAKE
 * IMPLEMENTS IT, not that EventStoreDB behaves this way (see ../shared/docs/esdb-testing.md).
 *
 * It implements ServerFeatures.GetSupportedMethods (advertising BatchAppend unless
 * `{ batchAppend: false }`), Streams.Append, Streams.BatchAppend and Streams.Read (stream reads,
 * `$all` reads, and `$all` subscriptions with event-type or stream-name filters by prefix or regex:
 * confirmation, catch-up, caughtUp, live). `$all` begins with a few system events. `stop()` is a
 * forced shutdown that keeps the log, so `start(samePort)` models a restart with a durable log;
 * `freeze()` makes it accept calls and never answer them.
 *
 * Where it knowingly differs from a real server:
 * - `$all` holds only three system events (`$metadata`, `$settings`, `$statsCollected`), all at its
 *   start; a real `$all` keeps gaining `$stats`, `$metadata`, `$>` link and projection events in
 *   among the user's events.
 * - Positions grow like byte offsets from 1 MiB but are not the real record layout. The events of
 *   one append share the commit position of its first event, each with its own prepare position;
 *   a current server gives each such event its own log position as both (the server's source:
 *   `CommitEventRecord(record, prepare.LogPosition)`), and shares commit positions only between the
 *   events of a legacy explicit transaction. The fake uses the harder case for position encoding.
 * - An append reply carries the last event's prepare position as both commit and prepare, as a
 *   real server's reply carries its commit's log position (WriteEvents.cs: "not technically
 *   correct"): believed to equal the event's position for one event, not checked live.
 * - Idempotent appends: only the durable rule is modelled (an exact revision or `no_stream`
 *   followed by the same event ids succeeds without writing), and answered with no position where
 *   a real server reports one. No best-effort duplicate check for `any`/`stream_exists`, no
 *   "corrupted idempotency" failure.
 * - No delete, tombstone, stream metadata, `$maxCount`/truncation or `StreamDeletedError`.
 * - No system projections (`$ce-`, `$et-`), no link events; `resolveLinkTos` is ignored.
 * - Subscriptions: to `$all` only (a stream subscription is answered UNIMPLEMENTED); no checkpoints,
 *   no `fellBehind`, the filter's search window is ignored. Reads ignore filters (6.2.1 sends none).
 * - No auth or TLS, no deadlines of its own (the BatchAppend request's deadline is ignored), no
 *   maximum append size, no event-id validation, no cluster, gossip or not-leader.
 * - Plain Append is not atomic with respect to a client cancelling mid-stream.
 * - Everything else (persistent subscriptions, projections, operations, users, gossip) is absent,
 *   so grpc-js answers UNIMPLEMENTED.
 */
import * as grpc from '@grpc/grpc-js';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './append';
import { EventLog } from './event-log';
import { readHandler } from './read';

export interface FakeEventStoreDBOptions {
  /** Advertise and serve Streams.BatchAppend, as real servers from 21.10 do. Default true. */
  batchAppend?: boolean;
}

export class FakeEventStoreDB {
  private readonly log = new EventLog();
  private server?: grpc.Server;
  private boundPort?: number;
  private frozen = false;

  constructor(private readonly options: FakeEventStoreDBOptions = {}) {}

  /** The port of the last `start()`. */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('The fake EventStoreDB has not been started');
    return this.boundPort;
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port) and returns the connection string. */
  async start(port = 0): Promise<string> {
    const target = { log: this.log, frozen: () => this.frozen };
    const server = new grpc.Server();
    server.addService(ServerFeaturesService, { getSupportedMethods: this.supportedMethods() });
    server.addService(StreamsService, {
      read: readHandler(target),
      append: appendHandler(target),
      ...(this.batchAppend && { batchAppend: batchAppendHandler(target) }),
    });
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
    this.frozen = false;
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Drops every connection and call at once, like a crash; the log survives for the next `start()`. */
  async stop(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
    this.log.removeAllListeners('appended');
  }

  /** From now until it is stopped, calls are accepted and never answered (a restart answers again). */
  freeze(): void {
    this.frozen = true;
  }

  private get batchAppend(): boolean {
    return this.options.batchAppend ?? true;
  }

  private supportedMethods(): grpc.handleUnaryCall<unknown, SupportedMethods> {
    const names = ['read', 'append', ...(this.batchAppend ? ['batchappend'] : [])];
    const methods = names.map((name) =>
      new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name),
    );
    return (_call, callback) => {
      if (!this.frozen)
        callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('fake'));
    };
  }
}
