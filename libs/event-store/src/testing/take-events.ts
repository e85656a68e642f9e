import type { RecordedEvent } from '../event-store.port';

/**
 * The next `count` events of the given streams from a subscription's iterator (other streams'
 * events are skipped). Rejects if they have not all arrived within `timeoutMs`, or if it ends.
 */
export async function takeEvents(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  streamIds: string[],
  timeoutMs = 5000,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${taken.length} of ${count} events arrived`)), timeoutMs);
  });
  try {
    while (taken.length < count) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) throw new Error(`the subscription ended after ${taken.length} of ${count} events`);
      if (streamIds.includes(result.value.streamId)) taken.push(result.value);
    }
    return taken;
  } finally {
    clearTimeout(timer);
  }
}
