import { closeSync, openSync, writeSync } from 'node:fs';
import { csvRow } from '../formats';

type Cell = string | number | boolean | null;

const FLUSH_AT = 1 << 16;

/**
 * A CSV file written row by row through a small buffer, so a file of millions of rows never sits
 * in memory. The header row is the columns; `close` answers the number of data rows.
 */
export class CsvFile {
  private buffer: string[] = [];
  private buffered = 0;
  private rows = 0;

  private constructor(private readonly fd: number) {}

  static create(path: string, columns: readonly string[]): CsvFile {
    const file = new CsvFile(openSync(path, 'wx'));
    file.write(csvRow(columns));
    return file;
  }

  row(values: readonly Cell[]): void {
    this.rows++;
    this.write(csvRow(values));
  }

  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.rows;
  }

  private write(text: string): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }
}
