import type { RecordedEvent, Subscription } from '../event-store.port';

/** One connection's worth of a subscription: its events, until the connection fails or it is closed. */
export interface SubscriptionSource extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface ReconnectPolicy {
  /**
   * Subscribes to the events after `after` (exclusive; undefined: from the start), calling
   * `connected` once the server has confirmed the subscription.
   */
  open(after: bigint | undefined, connected: () => void): SubscriptionSource;
  /** Whether an error means the connection was lost (subscribe again) rather than a failure to report. */
  isConnectionLoss(error: unknown): boolean;
  /** Wait before the first resubscription; it doubles on every failed one, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * A subscription that outlives its connections: when one is lost it subscribes again, with
 * backoff, after the last event it delivered, so that no event is skipped or delivered twice.
 */
export class ReconnectingSubscription implements Subscription {
  private stopped = false;
  private source?: SubscriptionSource;
  private wake?: () => void;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly policy: ReconnectPolicy,
    after: bigint | undefined,
    private readonly onStop: (subscription: ReconnectingSubscription) => void,
  ) {
    this.events = this.deliver(after);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop(this);
    this.wake?.();
    await this.source?.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  private async *deliver(after: bigint | undefined): AsyncGenerator<RecordedEvent> {
    let last = after;
    let delay = this.policy.initialDelayMs;
    try {
      while (!this.stopped) {
        const source = (this.source = this.policy.open(last, () => (delay = this.policy.initialDelayMs)));
        try {
          for await (const event of source) {
            if (this.stopped) return;
            // Subscriptions start after their position; this guards against a server that repeats it.
            if (last !== undefined && event.position <= last) continue;
            last = event.position;
            yield event;
          }
        } catch (error) {
          if (this.stopped) return;
          if (!this.policy.isConnectionLoss(error)) throw error;
        } finally {
          await source.close();
        }
        await this.pause(delay);
        delay = Math.min(delay * 2, this.policy.maxDelayMs);
      }
    } finally {
      // Also reached when a consumer leaves a `for await` early.
      await this.stop();
    }
  }

  /** Waits `ms`, or less if the subscription is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
