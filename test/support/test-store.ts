import { randomBytes } from 'node:crypto';
import { FakeEventStoreDB } from './esdb-fake';

/**
 * The event store a test app runs on, chosen by the jest project (`globals.LEDGER_TEST_STORE`):
 * the embedded SQLite store, EventStoreDB's wire protocol served by the in-process fake (with or
 * without BatchAppend), or a real
 * EventStoreDB server (`npm run test:esdb`), where a fresh stream prefix keeps each app's streams
 * apart from whatever the server already holds.
 */
type Mode = 'embedded' | 'esdb-fake' | 'esdb-fake-plain-append' | 'esdb';
const globals = globalThis as { LEDGER_TEST_STORE?: Mode; ESDB_CONNECTION_STRING?: string };

export interface TestStore {
  /** Environment variables that point the app at this store. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function testStore(): Promise<TestStore> {
  const mode = globals.LEDGER_TEST_STORE ?? 'embedded';
  switch (mode) {
    case 'embedded':
      return { env: {}, close: async () => undefined };
    case 'esdb-fake':
    case 'esdb-fake-plain-append': {
      // Real servers advertise BatchAppend, which the client then uses; without it, plain Append.
      const fake = new FakeEventStoreDB({ batchAppend: mode === 'esdb-fake' });
      const connectionString = await fake.start();
      return { env: { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: connectionString }, close: () => fake.stop() };
    }
    case 'esdb':
      return {
        env: {
          EVENT_STORE: 'esdb',
          ESDB_CONNECTION_STRING: String(globals.ESDB_CONNECTION_STRING),
          ESDB_STREAM_PREFIX: `t${randomBytes(6).toString('hex')}`,
        },
        close: async () => undefined,
      };
  }
}
