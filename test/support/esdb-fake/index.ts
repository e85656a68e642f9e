export { FakeEventStoreDB, type FakeEventStoreDBOptions } from './fake-event-store-db';
