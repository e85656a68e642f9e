import type Redis from 'ioredis';
import type { Recorded } from '@lib/ledger';
import type { ReadModelDocument } from '../model/documents';
import { evolveBatch, touchedKeys } from '../model/evolve';
import type { ProjectionStatus } from '../runner/projection-status';
import type { ReadModelKeys } from './read-model-keys';
import { WrittenDocuments } from './written-documents';

const SCAN_COUNT = 1000;
const REMEMBERED_DOCUMENTS = 50_000;

/**
 * Writes the read models. It WATCHes the checkpoint, so give it a connection no other code uses
 * for transactions.
 */
export class ReadModelWriter {
  private readonly written = new WrittenDocuments(REMEMBERED_DOCUMENTS);
  /** The last transaction sent: the checkpoint it writes, and whether it was written. */
  private sent: { checkpoint: string; written: Promise<boolean> } | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  /** Deletes the checkpoint, then every document: interrupted, it never leaves a checkpoint over partial data. */
  async clear(): Promise<void> {
    this.sent = null;
    this.written.forget();
    await this.redis.del(this.keys.checkpoint);
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', this.keys.pattern, 'COUNT', SCAN_COUNT);
      const readModels = found.filter((key) => this.keys.isReadModel(key));
      if (readModels.length > 0) await this.redis.unlink(...readModels);
      cursor = next;
    } while (cursor !== '0');
  }

  /**
   * Applies a batch of events in order: loads the documents they touch (one MGET, for those it did
   * not write itself just before), evolves them in memory, and sends every changed document, the
   * new checkpoint and `status` in one MULTI/EXEC, on condition (WATCH) that the checkpoint is
   * still `after` (null: absent). It answers once the transaction is sent, so that the next batch
   * can be read while Redis writes this one; `settled()` tells whether it was written. It answers
   * false, having written nothing more, when the checkpoint moved (Redis was flushed, a rebuild was
   * requested, another runner moved on), which shows at the latest at the next call.
   */
  async apply(events: readonly Recorded[], after: bigint | null, status: ProjectionStatus): Promise<boolean> {
    const expected = after?.toString() ?? null;
    // A batch that goes on from the last one sent depends on it; any other starts afresh.
    const previous = this.sent?.checkpoint === expected ? this.sent.written : Promise.resolve(true);
    this.written.keepIfAt(expected);
    const documentKeys = [...new Set(events.flatMap(touchedKeys))];
    const unknown = documentKeys.filter((key) => !this.written.has(key));
    // Sent behind the previous batch's EXEC, so they see what it wrote.
    const [previousWritten, , [checkpoint, ...values]] = await Promise.all([
      previous,
      this.redis.watch(this.keys.checkpoint),
      this.redis.mget(this.keys.checkpoint, ...unknown.map((key) => this.keys.document(key))),
    ]);
    if (!previousWritten || checkpoint !== expected) {
      this.sent = null;
      this.written.forget();
      await this.redis.unwatch();
      return false;
    }
    const loaded = new Map<string, ReadModelDocument>();
    for (const key of documentKeys) {
      const known = this.written.get(key);
      if (known) loaded.set(key, known);
    }
    unknown.forEach((key, index) => {
      const value = values[index];
      if (value !== null) loaded.set(key, JSON.parse(value) as ReadModelDocument);
    });
    const changed = evolveBatch(loaded, events);
    const position = events[events.length - 1].position.toString();
    const transaction = this.redis.multi();
    if (changed.size > 0) {
      transaction.mset([...changed].flatMap(([key, document]) => [this.keys.document(key), JSON.stringify(document)]));
    }
    transaction.set(this.keys.checkpoint, position).set(this.keys.status, JSON.stringify(status));
    const written = transaction.exec().then((results) => {
      const failure = results?.find(([error]) => error !== null);
      if (failure) throw failure[0];
      return results !== null;
    });
    written.then(
      (ok) => ok || this.written.forget(),
      () => this.written.forget(),
    );
    this.sent = { checkpoint: position, written };
    this.written.remember([...loaded, ...changed], position);
    return true;
  }

  /** Whether the last batch sent was written; false if its checkpoint condition failed. */
  settled(): Promise<boolean> {
    return this.sent?.written ?? Promise.resolve(true);
  }

  async publish(status: ProjectionStatus): Promise<void> {
    await this.redis.set(this.keys.status, JSON.stringify(status));
  }
}
