import { createReadStream } from 'node:fs';

/** A CSV cell as the exports give it; null is an empty field. */
export type CsvValue = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: CsvValue, column: number): string {
  if (value === null) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`csvRow: column ${column + 1} is ${value}, which a CSV reader cannot read back as a number`);
  }
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One RFC 4180 record, CRLF-terminated. Fields are written exactly as given (no trimming, no
 * spreadsheet-formula escaping): the bundle is hashed and verified byte for byte, and a prefix
 * added for spreadsheets would change the data.
 */
export const csvRow = (values: readonly CsvValue[]): string => `${values.map(csvField).join(',')}\r\n`;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

type State =
  /** Nothing of the current record read yet. */
  | 'RECORD_START'
  /** Just after a comma. */
  | 'FIELD_START'
  | 'UNQUOTED'
  | 'QUOTED'
  /** A quote inside a quoted field: either the first of a doubled quote or the closing one. */
  | 'QUOTE_IN_QUOTED';

/**
 * The one CSV state machine behind `parseCsv` and `readCsv`: text goes in by pieces of any size
 * (a record, a field or a CRLF may be split across pieces) and complete records come out. Records
 * end at CRLF, LF or a lone CR. Strict, because it reads back files whose bytes are signed: a
 * quote inside an unquoted field, text after a closing quote, or a quote left open at the end
 * fails with the physical line number.
 */
class CsvParser {
  private state: State = 'RECORD_START';
  private field = '';
  private record: string[] = [];
  /** The physical line being read (1-based): CRLF, LF and a lone CR each end one. */
  private line = 1;
  private quoteOpenedOnLine = 1;
  /** The last character read was a CR: an LF right after it completes the same line break. */
  private afterCr = false;

  constructor(private readonly source: string) {}

  feed(text: string): string[][] {
    const records: string[][] = [];
    /** Where the run of ordinary characters being added to `field` starts in `text`. */
    let run = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const crlf = this.afterCr && c === LF;
      this.afterCr = c === CR;
      switch (this.state) {
        case 'RECORD_START':
        case 'FIELD_START':
          if (c === QUOTE) {
            this.state = 'QUOTED';
            this.quoteOpenedOnLine = this.line;
            run = i + 1;
          } else if (c === COMMA) {
            this.endField();
          } else if (c === CR || c === LF) {
            // The LF of a CRLF whose CR ended the previous record: not an empty record.
            if (!(crlf && this.state === 'RECORD_START')) records.push(this.endRecord());
          } else {
            this.state = 'UNQUOTED';
            run = i;
          }
          break;
        case 'UNQUOTED':
          if (c === COMMA || c === CR || c === LF) {
            this.field += text.slice(run, i);
            if (c === COMMA) this.endField();
            else records.push(this.endRecord());
          } else if (c === QUOTE) {
            throw this.malformed('a double quote inside an unquoted field');
          }
          break;
        case 'QUOTED':
          if (c === QUOTE) {
            this.field += text.slice(run, i);
            this.state = 'QUOTE_IN_QUOTED';
          }
          break;
        case 'QUOTE_IN_QUOTED':
          if (c === QUOTE) {
            this.field += '"';
            this.state = 'QUOTED';
            run = i + 1;
          } else if (c === COMMA) {
            this.endField();
          } else if (c === CR || c === LF) {
            records.push(this.endRecord());
          } else {
            throw this.malformed('text after the closing quote of a field');
          }
          break;
      }
      if ((c === LF && !crlf) || c === CR) this.line++;
    }
    if (this.state === 'UNQUOTED' || this.state === 'QUOTED') this.field += text.slice(run);
    return records;
  }

  /** The last record when the text does not end with a line break. */
  end(): string[][] {
    if (this.state === 'QUOTED') {
      throw new Error(
        `${this.source}: malformed CSV: the quoted field opened on line ${this.quoteOpenedOnLine} is never closed`,
      );
    }
    return this.state === 'RECORD_START' ? [] : [this.endRecord()];
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.state = 'FIELD_START';
  }

  private endRecord(): string[] {
    this.endField();
    const record = this.record;
    this.record = [];
    this.state = 'RECORD_START';
    return record;
  }

  private malformed(what: string): Error {
    return new Error(`${this.source}: malformed CSV on line ${this.line}: ${what}`);
  }
}

/** Every record of a CSV text held in memory (an empty line is a record of one empty field). */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser('CSV text');
  return [...parser.feed(text), ...parser.end()];
}

export interface ReadCsvOptions {
  /** Bytes read at a time (the stream's default, 64 KiB, unless given). */
  highWaterMark?: number;
}

/**
 * The records of a UTF-8 CSV file, one at a time, without holding the file in memory: only the
 * current chunk and the records completed in it are. Stopping early closes the file.
 */
export async function* readCsv(path: string, options: ReadCsvOptions = {}): AsyncGenerator<string[]> {
  const parser = new CsvParser(path);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: options.highWaterMark });
  for await (const chunk of stream) yield* parser.feed(chunk as string);
  yield* parser.end();
}
