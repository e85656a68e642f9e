import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ARCOS_COLUMNS, arcosCsvValues, formatArcosRecord, type ArcosRecord } from '../formats';
import { CsvFile } from './csv-file';

/**
 * The ARCOS-style transactions of the period (domain.md 9.4), by physical time: `arcos.txt`, one
 * 80-character record a line (CRLF), and `arcos.csv`, the same records with named columns.
 */
export function writeArcos(dir: string, transactions: { occurredAt: string; record: ArcosRecord }[]) {
  const ordered = [...transactions].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const fd = openSync(join(dir, 'arcos.txt'), 'wx');
  const csv = CsvFile.create(join(dir, 'arcos.csv'), ARCOS_COLUMNS);
  try {
    for (const { record } of ordered) {
      writeSync(fd, `${formatArcosRecord(record)}\r\n`);
      csv.row(arcosCsvValues(record));
    }
  } finally {
    closeSync(fd);
  }
  return { 'arcos.txt': ordered.length, 'arcos.csv': csv.close() };
}
