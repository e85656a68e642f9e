import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');

/**
 * Run in a child `node`: pdfjs-dist 5 ships ESM only, which jest's CommonJS module loader cannot
 * import. Each page's text items are joined with a space, or a newline where pdf.js reports the
 * end of a line. Warnings are silenced (verbosity 0) because pdf.js prints them on stdout, which
 * carries the JSON.
 */
const EXTRACT = `
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const data = new Uint8Array(await readFile(process.argv[1]));
const pdf = await getDocument({ data, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const { items } = await (await pdf.getPage(n)).getTextContent();
  pages.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : ' ') : '')).join(''));
}
await pdf.destroy();
process.stdout.write(JSON.stringify({ pages }));
`;

/** The text of every page of `pdf`, read by a real PDF parser (pdf.js), so a test sees what a reader sees. */
export async function pdfText(pdf: Buffer): Promise<{ pages: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-text-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', EXTRACT, file], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as { pages: string[] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
