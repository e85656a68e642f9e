/**
 * Streams get integer keys: a (stream, revision) unique index on an integer is markedly cheaper
 * than on the stream's name (performance.md B.2). `streams.revision` is the revision of the
 * stream's last event; a stream row exists only once the stream has an event.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  id       INTEGER PRIMARY KEY,
  name     TEXT    NOT NULL UNIQUE,
  revision INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream   INTEGER NOT NULL REFERENCES streams (id),
  revision INTEGER NOT NULL,
  event_id TEXT    NOT NULL UNIQUE,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL,
  UNIQUE (stream, revision)
) STRICT;

-- The log is append-only: a mistake is corrected by a new event, never by editing an old one.
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;
