/**
 * How the port's stream ids are named on a shared EventStoreDB: `<prefix>.<streamId>` for a ledger
 * with a prefix, unchanged otherwise. Of everything in `$all`, an event is the ledger's only if it
 * is not a system event (stream or type starting with `$`) and its stream lies under the prefix.
 */
export class StreamNames {
  private readonly prefix: string;

  constructor(prefix: string | undefined) {
    this.prefix = prefix ? `${prefix}.` : '';
  }

  /** The name of the port's stream on the server. */
  toServer(streamId: string): string {
    return this.prefix + streamId;
  }

  /** The port's id of the stream an event of `$all` belongs to, or undefined if it is not the ledger's. */
  fromServer(streamName: string, eventType: string): string | undefined {
    if (streamName.startsWith('$') || eventType.startsWith('$') || !streamName.startsWith(this.prefix))
      return undefined;
    return streamName.slice(this.prefix.length);
  }

  /** The stream-name prefix that selects the ledger's streams in `$all`, if it has one. */
  get serverPrefix(): string | undefined {
    return this.prefix || undefined;
  }
}
