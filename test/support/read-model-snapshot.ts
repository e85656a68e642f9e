import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { EventStore, RecordedEvent } from '@lib/event-store';
import type { Recorded } from '@lib/ledger';
import { evolveBatch, ReadModelKeys } from '@lib/projections';

/** Read-model keys (without `<prefix>:rm:`) and their values, sorted by key. */
export type ReadModelEntries = [key: string, value: string][];

const byKey = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

/** Every document and the checkpoint that Redis holds under `prefix`, without the prefix. */
export async function storedReadModels(redis: Redis, prefix: string): Promise<ReadModelEntries> {
  const keys = new ReadModelKeys(prefix);
  const found = new Set<string>();
  for await (const batch of redis.scanStream({ match: keys.pattern, count: 1000 })) {
    for (const key of batch as string[]) if (keys.isReadModel(key)) found.add(key);
  }
  const sorted = [...found].sort();
  const values = sorted.length === 0 ? [] : await redis.mget(sorted);
  return sorted.map((key, index) => [key.slice(keys.root.length), String(values[index])]);
}

/** What the read models must hold once `events` are projected, computed in memory by the same evolvers. */
export function expectedReadModels(events: readonly RecordedEvent[] | readonly Recorded[]): ReadModelEntries {
  const documents = evolveBatch(new Map(), events as unknown as Recorded[]);
  const entries: ReadModelEntries = [...documents].map(([key, document]) => [key, JSON.stringify(document)]);
  if (events.length > 0) entries.push(['checkpoint', events[events.length - 1].position.toString()]);
  return entries.sort(byKey);
}

/** SHA-256 over every key and value, in order. */
export function digest(entries: ReadModelEntries): string {
  const hash = createHash('sha256');
  for (const [key, value] of entries) hash.update(key).update('\0').update(value).update('\n');
  return hash.digest('hex');
}

/** Every event in the store, in global order. */
export async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events[events.length - 1]?.position, maxCount: 5000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}
