import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, eventsByRegistrant, type EventStore } from '@lib/event-store';
import type { Recorded } from '@lib/ledger';

/** The stream categories of a registrant's custody: its own stream (locations, inventories) and its lots. */
export const CUSTODY_CATEGORIES = ['registrant', 'lot'] as const;

/**
 * The events of one registrant, read from the event store itself in global order: the reports
 * computed from them are exact even while a read model lags. Custody events unless the caller
 * names other stream categories (`case` for the discrepancy cases).
 */
@Injectable()
export class RegistrantEvents {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(registrantId: string, categories: readonly string[] = CUSTODY_CATEGORIES): Promise<Recorded[]> {
    const groups = await eventsByRegistrant(this.store, categories, registrantId);
    return (groups.get(registrantId) ?? []) as unknown as Recorded[];
  }
}
