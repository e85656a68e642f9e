import { EsdbEventStore } from './esdb/esdb.event-store';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

/** Which store to open; libs/config produces this from EVENT_STORE and its companions. */
export type EventStoreSettings =
  | { kind: 'embedded'; file: string }
  | { kind: 'esdb'; connectionString: string; streamPrefix: string; deadlineMs: number };

export function openEventStore(settings: EventStoreSettings): EventStore {
  switch (settings.kind) {
    case 'embedded':
      return SqliteEventStore.open(settings.file);
    case 'esdb':
      return EsdbEventStore.connect(settings);
  }
}
