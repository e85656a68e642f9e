import type { EventStore, RecordedEvent } from './event-store.port';

const PAGE = 1000;

/**
 * The events of the given stream categories (`lot`, `registrant`, `case`, ...), read from the
 * store itself in global order and grouped by the registrant named in their envelope; only that
 * registrant's when `registrantId` is given. Reports and checks computed from them are exact
 * even while a read model lags.
 */
export async function eventsByRegistrant(
  store: EventStore,
  categories: readonly string[],
  registrantId?: string,
): Promise<Map<string, RecordedEvent[]>> {
  const wanted = new Set(categories);
  const groups = new Map<string, RecordedEvent[]>();
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      const owner = (event.metadata as { registrantId?: unknown }).registrantId;
      if (typeof owner !== 'string' || (registrantId !== undefined && owner !== registrantId)) continue;
      if (!wanted.has(event.streamId.slice(0, event.streamId.indexOf('-')))) continue;
      const group = groups.get(owner);
      if (group) group.push(event);
      else groups.set(owner, [event]);
    }
    if (page.length < PAGE) return groups;
    after = page[page.length - 1].position;
  }
}
