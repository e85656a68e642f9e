import type { EventStore } from '@lib/event-store';
import { registered, registrantDecider, registrantStream, type Registrant, type RegistrantEvent } from '@lib/ledger';

const PAGE = 1000;

/**
 * The registrant as its stream stands, folded a page at a time (its stream holds every location
 * and inventory it ever recorded). Throws NOT_FOUND for a registrant that was never registered.
 */
export async function registrantOf(store: EventStore, registrantId: string): Promise<Registrant> {
  let state = registrantDecider.initialState();
  for (let fromRevision = 0; ; fromRevision += PAGE) {
    const page = await store.readStream(registrantStream(registrantId), { fromRevision, maxCount: PAGE });
    state = page.reduce((s, e) => registrantDecider.evolve(s, e as unknown as RegistrantEvent), state);
    if (page.length < PAGE) return registered(state);
  }
}
