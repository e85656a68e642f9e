import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger } from '@lib/config';
import {
  checkLink,
  EMPTY_CHAIN,
  EVENT_STORE,
  headAfter,
  type ChainHead,
  type EventStore,
  type Subscription,
} from '@lib/event-store';

/**
 * Follows every event as it is committed and re-checks its stream's hash chain and signature
 * links, so an edit made behind the application's back is reported as soon as it is read.
 */
@Injectable()
export class IntegrityMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly heads = new Map<string, ChainHead>();
  private subscription?: Subscription;
  private following?: Promise<void>;
  checked = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribeToAll();
    this.following = this.follow(this.subscription);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.following;
  }

  private async follow(subscription: Subscription): Promise<void> {
    this.logger.write('info', 'Integrity monitor: verifying the ledger from its first event, then following it');
    for await (const event of subscription) {
      const reason = checkLink(this.heads.get(event.streamId) ?? EMPTY_CHAIN, event);
      if (reason) {
        this.logger.write('error', 'Ledger integrity violation', {
          streamId: event.streamId,
          revision: event.revision,
          eventId: event.eventId,
          position: event.position.toString(),
          reason,
        });
      }
      this.heads.set(event.streamId, headAfter(event));
      this.checked++;
    }
  }
}
