import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { toStoreError } from './sqlite.errors';
import { SCHEMA } from './sqlite.schema';

export interface Durability {
  journalMode: string;
  /** 2 is FULL: the WAL is synced on every commit. */
  synchronous: number;
}

const DURABLE: Durability = { journalMode: 'wal', synchronous: 2 };

export function readDurability(db: Database.Database): Durability {
  return {
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
  };
}

/**
 * Opens `file`, creating it, its directory and the schema if needed, in WAL mode with
 * synchronous = FULL, and reads both settings back. They must be set on every connection:
 * better-sqlite3 reopens a WAL file with synchronous = NORMAL, under which a power cut can undo
 * acknowledged commits (performance.md B.2, G11).
 */
export function openDurableConnection(file: string, busyTimeoutMs: number): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw toStoreError(error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const durability = readDurability(db);
    if (durability.journalMode !== DURABLE.journalMode || durability.synchronous !== DURABLE.synchronous) {
      throw new Error(
        `Refusing to use ${file}: journal_mode=${durability.journalMode}, synchronous=${durability.synchronous}` +
          ` (need ${DURABLE.journalMode} and ${DURABLE.synchronous})`,
      );
    }
    db.transaction(() => db.exec(SCHEMA)).immediate();
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error);
  }
}
