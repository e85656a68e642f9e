import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb.event-store';

/**
 * `npm run test:esdb` only: the store contract against the real EventStoreDB server named by
 * ESDB_CONNECTION_STRING. The suite uses unique stream names and never assumes an empty `$all`,
 * so the server may hold other data and be used again for the next run.
 */
const { ESDB_CONNECTION_STRING } = globalThis as { ESDB_CONNECTION_STRING?: string };

describeEventStoreContract('EventStoreDB at ESDB_CONNECTION_STRING', async () => {
  const store = EsdbEventStore.connect({ connectionString: String(ESDB_CONNECTION_STRING) });
  return { store, cleanup: () => store.close() };
});
