import { join } from 'node:path';
import type { ManifestFile } from '../bundle/manifest';
import { readCsv } from '../formats';
import { countArcosRecords } from './arcos-records';
import { ARCOS_FILE, TRANSACTIONS_FILE } from './bundle-files';
import { BundleFault, onFile } from './verification';

/** Data rows of a CSV file: its records after the header. */
export async function countCsvRows(path: string): Promise<number> {
  let records = 0;
  for await (const _record of readCsv(path)) records += 1;
  if (records === 0) throw new Error('no header row');
  return records - 1;
}

/**
 * Every CSV has the number of data rows the manifest gives it, and `arcos.txt` its number of
 * 80-character records. `transactions.csv` is counted in its own pass (see `transactions-pass.ts`),
 * not read twice here.
 */
export async function checkRowCounts(
  dir: string,
  files: ManifestFile[],
): Promise<{ csvFiles: number; arcosRecords: number | null }> {
  let csvFiles = 0;
  let arcosRecords: number | null = null;
  for (const file of files) {
    const path = join(dir, file.name);
    let rows: number;
    if (file.name === ARCOS_FILE) {
      rows = arcosRecords = await onFile(file.name, () => countArcosRecords(path));
    } else if (file.name.endsWith('.csv')) {
      if (file.name === TRANSACTIONS_FILE) continue;
      csvFiles += 1;
      rows = await onFile(file.name, () => countCsvRows(path));
    } else {
      continue;
    }
    if (rows !== file.rows) throw new BundleFault(file.name, rowsDiffer(rows, file.rows));
  }
  return { csvFiles, arcosRecords };
}

export const rowsDiffer = (rows: number, listed: number | undefined): string =>
  listed === undefined
    ? `has ${rows.toLocaleString('en-US')} rows, the manifest gives no count`
    : `has ${rows.toLocaleString('en-US')} rows, the manifest says ${listed.toLocaleString('en-US')}`;
