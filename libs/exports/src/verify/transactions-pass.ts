import { join } from 'node:path';
import {
  canonicalJson,
  checkLink,
  headAfter,
  type ChainHead,
  type LedgerMetadata,
  type RecordedEvent,
} from '@lib/event-store';
import type { BundleManifest } from '../bundle/manifest';
import { TRANSACTION_COLUMNS, type TransactionColumn } from '../bundle/transactions-columns';
import { readCsv } from '../formats';
import { TRANSACTIONS_FILE } from './bundle-files';
import { readableColumns, type ReadableColumn } from './readable-columns';
import { rowsDiffer } from './row-counts';
import { BundleFault } from './verification';

const DECIMAL = /^(0|[1-9][0-9]*)$/;

type Row = Record<TransactionColumn, string>;

/**
 * Re-derives the ledger from `transactions.csv` in one streaming pass, holding only each stream's
 * chain head and the counts: every event must follow its stream's head (revision, previous hash,
 * own hash, signature links), starting where the manifest says the stream's chain stood before
 * the period, and ending at the head the manifest gives. Positions, counts and the readable
 * columns must agree with the manifest and with the hashed JSON, so neither the human view nor the
 * summary can say anything the hash chains do not.
 */
export async function checkTransactions(
  dir: string,
  manifest: BundleManifest,
): Promise<{ events: number; streams: number }> {
  const listed = manifest.files.find((file) => file.name === TRANSACTIONS_FILE);
  if (!listed) throw new BundleFault(TRANSACTIONS_FILE, 'not listed in the manifest');
  const { events } = manifest;
  const heads = new Map<string, ChainHead>(
    manifest.streams.map((s) => [s.streamId, { revision: s.fromRevision - 1, hash: s.prevHash }]),
  );
  const byType = new Map<string, number>();
  const lastPosition = events.toPosition === null ? null : BigInt(events.toPosition);
  let rows = 0;
  let first: string | null = null;
  let last: string | null = null;
  let header = true;
  for await (const fields of readCsv(join(dir, TRANSACTIONS_FILE))) {
    if (header) {
      if (fields.length !== TRANSACTION_COLUMNS.length || fields.some((name, i) => name !== TRANSACTION_COLUMNS[i])) {
        throw fault(`the header is not ${TRANSACTION_COLUMNS.join(',')}`);
      }
      header = false;
      continue;
    }
    rows += 1;
    const at = `row ${rows}`;
    if (fields.length !== TRANSACTION_COLUMNS.length) {
      throw fault(`${at} has ${fields.length} columns, not ${TRANSACTION_COLUMNS.length}`);
    }
    const row = Object.fromEntries(TRANSACTION_COLUMNS.map((column, i) => [column, fields[i]])) as Row;
    if (!DECIMAL.test(row.position)) throw fault(`${at}: position "${row.position}" is not a decimal integer`);
    const position = BigInt(row.position);
    const where = `${at} (position ${row.position}), stream ${row.streamId}`;
    if (rows === 1 && row.position !== events.fromPosition) {
      throw fault(`${where}: the first position is not the manifest's ${events.fromPosition}`);
    }
    if (last !== null && position <= BigInt(last)) throw fault(`${where}: positions do not ascend after ${last}`);
    if (lastPosition === null || position > lastPosition) {
      throw fault(`${where}: after the manifest's last position ${events.toPosition}`);
    }
    const event = recordedEvent(row, position, where);
    const head = heads.get(event.streamId);
    if (!head) throw fault(`${where}: the stream is not in the manifest`);
    const broken = checkLink(head, event);
    if (broken) throw fault(`${where}, revision ${event.revision}: ${broken}`);
    const expected = readableColumns(event.metadata as Partial<LedgerMetadata>);
    for (const column of Object.keys(expected) as ReadableColumn[]) {
      if (row[column] !== expected[column]) {
        throw fault(
          `${where}, revision ${event.revision}: ${column} reads ${JSON.stringify(row[column])} ` +
            `but the hashed metadata says ${JSON.stringify(expected[column])}`,
        );
      }
    }
    heads.set(event.streamId, headAfter(event));
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    first ??= row.position;
    last = row.position;
  }
  if (header) throw fault('no header row');
  checkTotals(rows, byType, manifest);
  if (rows !== listed.rows) throw fault(rowsDiffer(rows, listed.rows));
  if (first !== events.fromPosition || last !== events.toPosition) {
    throw fault(`positions ${first}..${last} are not the manifest's ${events.fromPosition}..${events.toPosition}`);
  }
  for (const stream of manifest.streams) {
    const head = heads.get(stream.streamId) as ChainHead;
    if (head.revision !== stream.toRevision || head.hash !== stream.head) {
      throw fault(
        `stream ${stream.streamId} ends at revision ${head.revision} (hash ${head.hash}), ` +
          `the manifest says revision ${stream.toRevision} (hash ${stream.head})`,
      );
    }
  }
  return { events: rows, streams: manifest.streams.length };
}

const fault = (reason: string) => new BundleFault(TRANSACTIONS_FILE, reason);

/** The event as the store recorded it, rebuilt from a row: what its hash and chain link cover. */
function recordedEvent(row: Row, position: bigint, where: string): RecordedEvent {
  if (!DECIMAL.test(row.revision)) throw fault(`${where}: revision "${row.revision}" is not an integer`);
  return {
    streamId: row.streamId,
    revision: Number(row.revision),
    eventId: row.eventId,
    type: row.type,
    data: canonicalColumn(row, 'data', where),
    metadata: canonicalColumn(row, 'metadata', where) as Record<string, unknown>,
    position,
  };
}

/**
 * Parses a JSON column, which must be the canonical text of its value: any other spelling of the
 * same value (a duplicated key read one way by a person and another by JSON.parse) is refused.
 */
function canonicalColumn(row: Row, column: 'data' | 'metadata', where: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(row[column]);
  } catch (error) {
    throw fault(`${where}: ${column} is not valid JSON (${(error as Error).message})`);
  }
  if (column === 'metadata' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw fault(`${where}: metadata is not a JSON object`);
  }
  if (canonicalJson(value) !== row[column]) throw fault(`${where}: ${column} is not canonical JSON`);
  return value;
}

/** The events of each type, and in all, are those the manifest counts. */
function checkTotals(rows: number, byType: Map<string, number>, manifest: BundleManifest): void {
  const { events } = manifest;
  if (rows !== events.total) throw fault(`holds ${rows} events, the manifest says ${events.total}`);
  for (const type of new Set([...byType.keys(), ...Object.keys(events.byType)])) {
    const counted = byType.get(type) ?? 0;
    const said = Object.hasOwn(events.byType, type) ? events.byType[type] : 0;
    if (counted !== said) throw fault(`holds ${counted} ${type} events, the manifest says ${said}`);
  }
}
