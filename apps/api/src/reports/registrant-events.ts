import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import type { Recorded } from '@lib/ledger';

const PAGE = 1000;
const CATEGORIES = new Set(['registrant', 'lot']);

/**
 * Every custody event of one registrant, read from the event store itself in global order: the
 * reports computed from them are exact even while a read model lags.
 */
@Injectable()
export class RegistrantEvents {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(registrantId: string): Promise<Recorded[]> {
    const events: Recorded[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        const recorded = event as unknown as Recorded;
        if (recorded.metadata.registrantId === registrantId && CATEGORIES.has(event.streamId.split('-')[0])) {
          events.push(recorded);
        }
      }
      if (page.length < PAGE) return events;
      after = page[page.length - 1].position;
    }
  }
}
