import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { csvRow, parseCsv, readCsv, type ReadCsvOptions } from './csv';

const TRICKY: string[][] = [
  ['plain', 'with,comma', 'with "quotes"', '"', '""', ''],
  ['line\nbreak', 'crlf\r\ninside', 'lone\rcr', '  leading spaces', 'trailing  ', ','],
  ['MDMA·HCl µg', 'Łukasz Żółć', '中文', 'emoji 💊', '', 'tab\there'],
  [''],
  ['last', ''],
];

/** Text rich in the characters CSV treats specially, among any other graphemes. */
const cell = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' '),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const rowsOfText = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-spec-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function fileOf(text: string): Promise<string> {
  const path = join(dir, `${files++}.csv`);
  await writeFile(path, text, 'utf8');
  return path;
}

async function readAll(path: string, options?: ReadCsvOptions): Promise<string[][]> {
  const records: string[][] = [];
  for await (const record of readCsv(path, options)) records.push(record);
  return records;
}

describe('csvRow', () => {
  it('writes one CRLF-terminated record, quoting only fields with a comma, a quote, CR or LF', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'x\ny', 'x\ry', ' lead', ''])).toBe(
      'a,"b,c","say ""hi""","x\ny","x\ry", lead,\r\n',
    );
  });

  it('renders null as the empty field and numbers and booleans as text', () => {
    expect(csvRow([null, 42, -1.5, true, false, null])).toBe(',42,-1.5,true,false,\r\n');
  });

  it('refuses a number a reader could not read back', () => {
    expect(() => csvRow(['a', Number.NaN])).toThrow(/column 2 is NaN/);
    expect(() => csvRow([Number.POSITIVE_INFINITY])).toThrow(/column 1 is Infinity/);
  });
});

describe('parseCsv', () => {
  it('round-trips tricky values written by csvRow', () => {
    expect(parseCsv(TRICKY.map(csvRow).join(''))).toEqual(TRICKY);
  });

  it('round-trips any rows of any text (property)', () => {
    fc.assert(fc.property(rowsOfText, (rows) => expect(parseCsv(rows.map(csvRow).join(''))).toEqual(rows)));
  });

  it('reads LF line ends and a last record without a line break', () => {
    expect(parseCsv('a,b\nc,"d\r\ne"\n"f",')).toEqual([
      ['a', 'b'],
      ['c', 'd\r\ne'],
      ['f', ''],
    ]);
  });

  it('reads an empty text as no records', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('names the line where an unterminated quoted field opened', () => {
    expect(() => parseCsv('a,b\r\nc,"never\r\nclosed\r\n')).toThrow(/line 2.*never closed/);
  });

  it('names the line of text after a closing quote', () => {
    expect(() => parseCsv('a\r\n"multi\r\nline"\r\n"ok","bad"x\r\n')).toThrow(/line 4: text after the closing quote/);
  });

  it('names the line of a quote inside an unquoted field', () => {
    expect(() => parseCsv('a\nb\nab"c\n')).toThrow(/line 3: a double quote inside an unquoted field/);
  });
});

describe('readCsv', () => {
  it('round-trips tricky values through a file', async () => {
    expect(await readAll(await fileOf(TRICKY.map(csvRow).join('')))).toEqual(TRICKY);
  });

  it.each([1, 2, 3, 5, 7])(
    'reads fields, quotes, CRLFs and multi-byte characters split across %i-byte chunks',
    async (highWaterMark) => {
      expect(await readAll(await fileOf(TRICKY.map(csvRow).join('')), { highWaterMark })).toEqual(TRICKY);
    },
  );

  it('round-trips any rows of any text read in chunks of any size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsOfText, fc.integer({ min: 1, max: 16 }), async (rows, highWaterMark) => {
        expect(await readAll(await fileOf(rows.map(csvRow).join('')), { highWaterMark })).toEqual(rows);
      }),
      { numRuns: 50 },
    );
  });

  it('yields records one at a time from a file larger than one chunk', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [String(i), `lot "${i}", vault`, 'x'.repeat(i % 50)]);
    const path = await fileOf(rows.map(csvRow).join(''));
    let n = 0;
    for await (const record of readCsv(path, { highWaterMark: 4096 })) expect(record).toEqual(rows[n++]);
    expect(n).toBe(rows.length);
  });

  it('stops early without reading the rest', async () => {
    const path = await fileOf('a\r\nb\r\n"never closed');
    const first: string[][] = [];
    for await (const record of readCsv(path)) {
      first.push(record);
      break;
    }
    expect(first).toEqual([['a']]);
  });

  it('names the file and the line of a malformed record', async () => {
    const path = await fileOf('a,b\r\n"c\r\nd"e,f\r\n');
    await expect(readAll(path, { highWaterMark: 2 })).rejects.toThrow(`${path}: malformed CSV on line 3`);
  });

  it('fails on a quote left open at the end of the file', async () => {
    const path = await fileOf('a\r\n"b,\r\nc');
    await expect(readAll(path)).rejects.toThrow(/opened on line 2 is never closed/);
  });
});
