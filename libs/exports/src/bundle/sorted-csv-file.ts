import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CsvValue } from '../formats';
import { CsvFile } from './csv-file';

type Row = [key: string, values: CsvValue[]];

const byKey = (a: Row, b: Row) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * A CSV file whose rows arrive in any order and are written in the order of a text key, in
 * bounded memory (an external merge sort): rows are held a chunk at a time; each full chunk is
 * sorted and spilled to a run file beside the CSV (JSON lines), and `close` merges the runs.
 */
export class SortedCsvFile {
  private chunk: Row[] = [];
  private runs = 0;
  private readonly scratch: string;

  constructor(
    private readonly path: string,
    private readonly columns: readonly string[],
    private readonly chunkSize = 5_000,
  ) {
    this.scratch = `${path}.runs`;
  }

  add(key: string, values: CsvValue[]): void {
    this.chunk.push([key, values]);
    if (this.chunk.length >= this.chunkSize) this.spill();
  }

  /** Writes the file; answers its number of data rows. */
  async close(): Promise<number> {
    const file = CsvFile.create(this.path, this.columns);
    try {
      if (this.runs === 0) {
        for (const [, values] of this.chunk.sort(byKey)) file.row(values);
      } else {
        this.spill();
        await this.merge(file);
      }
    } finally {
      this.chunk = [];
      rmSync(this.scratch, { recursive: true, force: true });
    }
    return file.close();
  }

  private spill(): void {
    if (this.chunk.length === 0) return;
    mkdirSync(this.scratch, { recursive: true });
    const lines = this.chunk.sort(byKey).map((row) => JSON.stringify(row));
    writeFileSync(join(this.scratch, String(this.runs++)), `${lines.join('\n')}\n`);
    this.chunk = [];
  }

  /** Merges the sorted runs, reading each line by line: memory holds one row per run. */
  private async merge(file: CsvFile): Promise<void> {
    const readers = Array.from({ length: this.runs }, (_, n) =>
      createInterface({ input: createReadStream(join(this.scratch, String(n))), crlfDelay: Infinity })[
        Symbol.asyncIterator
      ](),
    );
    const next = async (n: number): Promise<Row | null> => {
      const { value, done } = await readers[n].next();
      return done ? null : (JSON.parse(value) as Row);
    };
    const heads = await Promise.all(readers.map((_, n) => next(n)));
    for (;;) {
      let least = -1;
      heads.forEach((head, n) => {
        if (head && (least === -1 || byKey(head, heads[least]!) < 0)) least = n;
      });
      if (least === -1) return;
      file.row(heads[least]![1]);
      heads[least] = await next(least);
    }
  }
}
