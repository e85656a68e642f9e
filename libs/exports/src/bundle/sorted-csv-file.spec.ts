import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../formats';
import { SortedCsvFile } from './sorted-csv-file';

describe('SortedCsvFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sorted-csv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Rows keyed by a shuffled number, with text that needs quoting. */
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => (i * 7919) % n).map((k) => ({
      key: String(k).padStart(6, '0'),
      values: [k, `row "${k}", with a comma\nand a newline`],
    }));

  async function written(n: number, chunkSize: number) {
    const path = join(dir, 'out.csv');
    const file = new SortedCsvFile(path, ['k', 'text'], chunkSize);
    for (const { key, values } of rows(n)) file.add(key, values);
    const count = await file.close();
    return { count, table: parseCsv(readFileSync(path, 'utf8')), leftovers: readdirSync(dir) };
  }

  it.each([
    ['held in memory', 1000, 5000],
    ['spilled to runs and merged', 1000, 64],
    ['spilled in chunks that fill exactly', 1024, 64],
  ])('writes every row once, in key order, %s', async (_, n, chunkSize) => {
    const { count, table, leftovers } = await written(n, chunkSize);
    expect(count).toBe(n);
    expect(table[0]).toEqual(['k', 'text']);
    expect(table.slice(1).map((row) => Number(row[0]))).toEqual(Array.from({ length: n }, (__, i) => i));
    expect(table[1][1]).toBe('row "0", with a comma\nand a newline');
    expect(leftovers).toEqual(['out.csv']);
  });

  it('writes the header alone for no rows', async () => {
    const { count, table } = await written(0, 8);
    expect(count).toBe(0);
    expect(table).toEqual([['k', 'text']]);
    expect(existsSync(join(dir, 'out.csv.runs'))).toBe(false);
  });
});
