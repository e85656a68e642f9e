import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ReadAllOptions, RecordedEvent, Subscription } from './event-store.port';

const PAGE_SIZE = 1000;

/**
 * A subscription that pulls pages of `readAll` after the last position it delivered. Catch-up and
 * live delivery are the same loop, so the switch from one to the other can neither skip nor
 * repeat an event. The adapter calls `wake()` whenever new events may have been committed.
 */
export class CatchUpSubscription implements Subscription {
  private stopped = false;
  private woken = false;
  private waiting?: () => void;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    after: bigint | undefined,
    private readonly onStop: (subscription: CatchUpSubscription) => void,
  ) {
    this.events = this.pull(readAll, after);
  }

  wake(): void {
    this.woken = true;
    this.waiting?.();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop(this);
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  private async *pull(
    readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    after: bigint | undefined,
  ): AsyncGenerator<RecordedEvent> {
    let position = after;
    try {
      while (!this.stopped) {
        // Cleared before reading, so a commit that lands during the read is not slept through.
        this.woken = false;
        const page = await readAll({ after: position, maxCount: PAGE_SIZE });
        for (const event of page) {
          if (this.stopped) return;
          position = event.position;
          yield event;
        }
        if (page.length === 0 && !this.woken) {
          await new Promise<void>((resolve) => (this.waiting = resolve));
          this.waiting = undefined;
        } else if (page.length > 0) {
          // An embedded store reads synchronously: let timers and I/O run between pages, or a long
          // catch-up would hold the event loop (and every other subscription) until it is done.
          await nextTurn();
        }
      }
    } finally {
      // Also reached when a consumer leaves a `for await` early.
      await this.stop();
    }
  }
}
