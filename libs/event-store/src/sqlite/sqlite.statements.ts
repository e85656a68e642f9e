import type Database from 'better-sqlite3';
import type { JsonEvent } from '../json-event';

export interface EventRow extends JsonEvent {
  streamId: string;
  revision: number;
  position: number;
}

const SELECT_EVENTS = `
  SELECT s.name AS streamId, e.revision, e.position, e.event_id AS eventId, e.type, e.data, e.metadata
  FROM events e JOIN streams s ON s.id = e.stream`;
const STREAM_EVENTS = `${SELECT_EVENTS} WHERE e.stream = (SELECT id FROM streams WHERE name = ?)`;

/** Every statement the store runs, prepared once per connection. A LIMIT of -1 means none. */
export function prepareStatements(db: Database.Database) {
  return {
    findStream: db.prepare<[name: string], { id: number; revision: number }>(
      'SELECT id, revision FROM streams WHERE name = ?',
    ),
    saveStream: db.prepare<[name: string, revision: number], { id: number }>(
      `INSERT INTO streams (name, revision) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET revision = excluded.revision RETURNING id`,
    ),
    insertEvent: db.prepare<
      [stream: number, revision: number, eventId: string, type: string, data: string, metadata: string]
    >('INSERT INTO events (stream, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    positionOf: db
      .prepare<[stream: number, revision: number], number>(
        'SELECT position FROM events WHERE stream = ? AND revision = ?',
      )
      .pluck(),
    readForwards: db.prepare<[name: string, fromRevision: number, limit: number], EventRow>(
      `${STREAM_EVENTS} AND e.revision >= ? ORDER BY e.revision LIMIT ?`,
    ),
    readBackwards: db.prepare<[name: string, fromRevision: number, limit: number], EventRow>(
      `${STREAM_EVENTS} AND e.revision <= ? ORDER BY e.revision DESC LIMIT ?`,
    ),
    readAll: db.prepare<[after: bigint, limit: number], EventRow>(
      `${SELECT_EVENTS} WHERE e.position > ? ORDER BY e.position LIMIT ?`,
    ),
    ping: db.prepare('SELECT 1'),
  };
}
