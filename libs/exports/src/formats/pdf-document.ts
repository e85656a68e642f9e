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
  /** Printed at the foot of every page, left of "Page n of m". */
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
 * The footer and "Page n of m" on every page, drawn once the page count is known (pages are
 * buffered). They sit in the bottom margin: pdfkit starts a new page for text below the margin,
 * so the margin is lifted while they are drawn, and their height is capped so they cannot overflow.
 */
function footers(doc: Doc, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - margin + 18;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.font(REGULAR).fontSize(SIZES.footer);
    doc.text(winAnsi(footer), left, y, { width: width - PAGE_NUMBER_WIDTH, height: 24, ellipsis: true });
    doc.text(`Page ${i - start + 1} of ${count}`, left + width - PAGE_NUMBER_WIDTH, y, {
      width: PAGE_NUMBER_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}

/** The document as a US Letter PDF in the built-in Helvetica fonts (no font files to ship). */
export async function renderPdf(model: PdfDocumentModel): Promise<Buffer> {
  const createdAt = new Date(model.createdAt);
  if (Number.isNaN(createdAt.getTime())) {
    throw new Error(`renderPdf: createdAt is not an instant: ${JSON.stringify(model.createdAt)}`);
  }
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: model.orientation ?? 'portrait',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: model.title, CreationDate: createdAt, ModDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(BOLD).fontSize(SIZES.title).text(winAnsi(model.title));
  if (model.subtitle) doc.font(REGULAR).fontSize(SIZES.subtitle).text(winAnsi(model.subtitle));
  doc.moveDown(0.6);
  drawGrid(doc, model.header, fieldsLayout(contentWidth(doc), SIZES.body));
  for (const s of model.sections) section(doc, s);
  footers(doc, model.footer);
  doc.end();
  return done;
}
