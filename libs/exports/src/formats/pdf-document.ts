import { closeSync, openSync, writeSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { BOLD, drawGrid, fieldsLayout, REGULAR, tableLayout } from './pdf-grid';
import { winAnsi } from './win-ansi';

export interface PdfTable {
  columns: string[];
  /** Each row has one cell per column. */
  rows: string[][];
}

/** A section prints its paragraphs, then its fields, then its table. */
export interface PdfSection {
  heading: string;
  paragraphs?: string[];
  fields?: [label: string, value: string][];
  table?: PdfTable;
}

/** What a document says, independent of how it is drawn: the builders are pure and testable. */
export interface PdfDocumentModel {
  title: string;
  subtitle?: string;
  header: [label: string, value: string][];
  sections: PdfSection[];
  /** Printed at the foot of every page, left of "Page n". */
  footer: string;
  /** ISO instant: the PDF's CreationDate, so the same model always gives the same bytes. */
  createdAt: string;
  /** Landscape for wide tables; portrait unless given. */
  orientation?: 'portrait' | 'landscape';
}

const MARGIN = 54;
const SIZES = { title: 16, subtitle: 10.5, heading: 12, body: 10, table: 8, footer: 8 };
/** A heading with less room than this below it starts the next page instead. */
const HEADING_KEEP = 60;
const PAGE_NUMBER_WIDTH = 80;

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

function heading(doc: Doc, text: string): void {
  if (doc.y + HEADING_KEEP > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.6).font(BOLD).fontSize(SIZES.heading).text(winAnsi(text)).moveDown(0.3);
}

function section(doc: Doc, s: PdfSection): void {
  heading(doc, s.heading);
  for (const paragraph of s.paragraphs ?? []) {
    doc.font(REGULAR).fontSize(SIZES.body).text(winAnsi(paragraph), { paragraphGap: 4 });
  }
  if (s.fields?.length) drawGrid(doc, s.fields, fieldsLayout(contentWidth(doc), SIZES.body));
  if (s.table) {
    const { columns, rows } = s.table;
    const ragged = rows.findIndex((row) => row.length !== columns.length);
    if (ragged !== -1) {
      throw new Error(
        `PDF section "${s.heading}": row ${ragged + 1} has ${rows[ragged].length} cells for ${columns.length} columns`,
      );
    }
    drawGrid(doc, rows, tableLayout(doc, columns, rows, contentWidth(doc), SIZES.table));
  }
}

/**
 * The footer and "Page n" on every page, drawn as the page begins, so that pages need not be held
 * until the end (a document of hundreds of pages is written page by page). They sit in the bottom
 * margin: pdfkit starts a new page for text below the margin, so the margin is lifted while they
 * are drawn, and their height is capped so they cannot overflow; the cursor and font are put back.
 */
function footerOnEachPage(doc: Doc, footer: string): void {
  let page = 0;
  const draw = () => {
    page++;
    const { x, y } = doc;
    const current = doc as unknown as { _font: { name: string }; _fontSize: number };
    const [font, size] = [current._font.name, current._fontSize];
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const bottom = doc.page.height - margin + 18;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.font(REGULAR).fontSize(SIZES.footer);
    doc.text(winAnsi(footer), left, bottom, { width: width - PAGE_NUMBER_WIDTH, height: 24, ellipsis: true });
    doc.text(`Page ${page}`, left + width - PAGE_NUMBER_WIDTH, bottom, {
      width: PAGE_NUMBER_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
    doc.font(font).fontSize(size);
    doc.x = x;
    doc.y = y;
  };
  draw();
  doc.on('pageAdded', draw);
}

/**
 * Lays the document out as a US Letter PDF in the built-in Helvetica fonts (no font files to
 * ship), handing its bytes to `sink` as pdfkit makes them.
 */
function render(model: PdfDocumentModel, sink: (chunk: Uint8Array) => void): Promise<void> {
  const createdAt = new Date(model.createdAt);
  if (Number.isNaN(createdAt.getTime())) {
    throw new Error(`renderPdf: createdAt is not an instant: ${JSON.stringify(model.createdAt)}`);
  }
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: model.orientation ?? 'portrait',
    margin: MARGIN,
    info: { Title: model.title, CreationDate: createdAt, ModDate: createdAt },
  });
  // pdfkit pushes every piece of the file into its Readable buffer, and `end()` writes a
  // document's pages all in one turn: a report of thousands of pages would sit in memory as
  // hundreds of thousands of small chunks. Its writer is replaced by one that hands each piece to
  // the sink at once, keeping the byte offsets its cross-reference table is built from.
  const writer = doc as unknown as { _write(data: Uint8Array | string): void; _offset: number };
  // The file's header, written as the document was created, is already in that buffer.
  for (let header = doc.read() as Uint8Array | null; header !== null; header = doc.read() as Uint8Array | null) {
    sink(header);
  }
  writer._write = (data) => {
    const bytes = data instanceof Uint8Array ? data : Buffer.from(`${data}\n`, 'latin1');
    sink(bytes);
    writer._offset += bytes.length;
  };
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.resume();
  footerOnEachPage(doc, model.footer);
  doc.font(BOLD).fontSize(SIZES.title).text(winAnsi(model.title));
  if (model.subtitle) doc.font(REGULAR).fontSize(SIZES.subtitle).text(winAnsi(model.subtitle));
  doc.moveDown(0.6);
  drawGrid(doc, model.header, fieldsLayout(contentWidth(doc), SIZES.body));
  for (const s of model.sections) section(doc, s);
  doc.end();
  return done;
}

/** The PDF in memory. */
export async function renderPdf(model: PdfDocumentModel): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await render(model, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** The PDF written to a new file piece by piece as it is made, never held whole in memory. */
export async function writePdf(model: PdfDocumentModel, path: string): Promise<void> {
  const fd = openSync(path, 'wx');
  try {
    await render(model, (chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}
