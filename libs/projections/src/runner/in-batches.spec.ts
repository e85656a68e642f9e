import { inBatches, type Batch } from './in-batches';

/** A source whose items arrive when the test pushes them. */
class Feed implements AsyncIterable<number> {
  private readonly items: number[] = [];
  private waiting?: () => void;
  private ended = false;

  push(...items: number[]): void {
    this.items.push(...items);
    this.waiting?.();
  }

  end(): void {
    this.ended = true;
    this.waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<number> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) yield item;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('grouping events into batches', () => {
  it('closes a batch when full, or when nothing more arrived this turn', async () => {
    const feed = new Feed();
    feed.push(...Array.from({ length: 12 }, (_, n) => n));
    const batches = inBatches(feed, 5);
    expect((await batches.next()).value).toEqual<Batch<number>>({ events: [0, 1, 2, 3, 4], idle: false });
    expect((await batches.next()).value).toEqual<Batch<number>>({ events: [5, 6, 7, 8, 9], idle: false });
    expect((await batches.next()).value).toEqual<Batch<number>>({ events: [10, 11], idle: true });
    feed.push(12);
    feed.push(13);
    expect((await batches.next()).value).toEqual<Batch<number>>({ events: [12, 13], idle: true });
    feed.end();
    expect((await batches.next()).done).toBe(true);
  });

  it('reports an idle batch for a source that holds nothing new, then waits for it without spinning', async () => {
    const feed = new Feed();
    const batches = inBatches(feed, 5);
    expect((await batches.next()).value).toEqual<Batch<number>>({ events: [], idle: true });
    let next: Batch<number> | undefined;
    void batches.next().then((result) => (next = result.value as Batch<number>));
    for (let turn = 0; turn < 20; turn++) await nextTurn();
    expect(next).toBeUndefined();
    feed.push(1);
    for (let turn = 0; turn < 3 && !next; turn++) await nextTurn();
    expect(next).toEqual({ events: [1], idle: true });
  });

  it('passes on a failure of its source', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('store unavailable');
    }
    const batches = inBatches(failing(), 5);
    await expect(batches.next()).rejects.toThrow('store unavailable');
  });
});
