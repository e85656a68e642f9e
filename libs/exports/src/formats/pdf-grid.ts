import { winAnsi } from './win-ansi';

export const REGULAR = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

const PADDING = 3;
/** A table too wide for its page is set smaller, down to this size, before words are broken. */
const SMALLEST_TABLE_FONT = 5.5;
const RULE = '#b0b0b0';
const HEADER_FILL = '#e8e8e8';

type Doc = PDFKit.PDFDocument;

export interface GridLayout {
  widths: number[];
  fontSize: number;
  /** Repeated at the top of every page the grid runs onto; null for a label/value list. */
  header: string[] | null;
  /** Right-aligned columns: figures line up by their last digit. */
  rightAligned: boolean[];
  /** The first column in bold: the labels of a label/value list. */
  boldFirstColumn: boolean;
  ruled: boolean;
}

const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

function rowHeight(doc: Doc, cells: string[], layout: GridLayout, bold: boolean): number {
  const lineHeight = doc.font(REGULAR).fontSize(layout.fontSize).currentLineHeight(true);
  return (
    2 * PADDING +
    cells.reduce((height, cell, i) => {
      doc.font(bold || (layout.boldFirstColumn && i === 0) ? BOLD : REGULAR).fontSize(layout.fontSize);
      return Math.max(height, doc.heightOfString(cell, { width: layout.widths[i] - 2 * PADDING }));
    }, lineHeight)
  );
}

function drawRow(doc: Doc, cells: string[], layout: GridLayout, height: number, isHeader: boolean): void {
  const left = doc.page.margins.left;
  const top = doc.y;
  const width = layout.widths.reduce((sum, w) => sum + w, 0);
  if (isHeader) doc.rect(left, top, width, height).fill(HEADER_FILL).fillColor('black');
  let x = left;
  cells.forEach((cell, i) => {
    doc.font(isHeader || (layout.boldFirstColumn && i === 0) ? BOLD : REGULAR).fontSize(layout.fontSize);
    doc.text(cell, x + PADDING, top + PADDING, {
      width: layout.widths[i] - 2 * PADDING,
      align: layout.rightAligned[i] ? 'right' : 'left',
    });
    x += layout.widths[i];
  });
  if (layout.ruled) {
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke()
      .strokeColor('black');
  }
  doc.x = left;
  doc.y = top + height;
}

/**
 * Rows of wrapped cells that run over as many pages as they need, a row never split between two
 * pages, the header repeated on each. pdfkit's own `table()` neither repeats the header nor keeps
 * a row whole (it clamps a row taller than the page), so the grid is drawn here.
 */
export function drawGrid(doc: Doc, rows: string[][], layout: GridLayout): void {
  const header = layout.header?.map(winAnsi) ?? null;
  const headerHeight = header ? rowHeight(doc, header, layout, true) : 0;
  const room = bottomOf(doc) - doc.page.margins.top - headerHeight;
  const cells = rows.map((row) => row.map(winAnsi));
  const heights = cells.map((row, index) => {
    const height = rowHeight(doc, row, layout, false);
    if (height > room)
      throw new Error(`PDF grid: row ${index + 1} is taller than a page; shorten its cells (${row[0].slice(0, 40)})`);
    return height;
  });
  if (header) {
    // Never a header alone at the foot of a page.
    if (doc.y + headerHeight + (heights[0] ?? 0) > bottomOf(doc)) doc.addPage();
    drawRow(doc, header, layout, headerHeight, true);
  }
  cells.forEach((row, index) => {
    if (doc.y + heights[index] > bottomOf(doc)) {
      doc.addPage();
      if (header) drawRow(doc, header, layout, headerHeight, true);
    }
    drawRow(doc, row, layout, heights[index], false);
  });
}

const NUMBER = /^[+-]?\d[\d,]*(\.\d+)?$/;

/** Text up to this wide is kept on one line when the page allows: a lot number, a date, a figure. */
const UNBROKEN = 100;

/**
 * The narrowest a cell should be: all of a short text; for a longer one, its longest word, where
 * words break at spaces and after hyphens as pdfkit's line breaker does.
 */
function leastWidth(doc: Doc, text: string): number {
  const whole = doc.widthOfString(text);
  return whole <= UNBROKEN ? whole : Math.max(0, ...text.split(/\s+|(?<=-)/).map((word) => doc.widthOfString(word)));
}

/**
 * Column widths filling `width`: each column gets at least its cells' least widths, so that no
 * word is cut (a table too wide is set in a smaller font, down to SMALLEST_TABLE_FONT), then the
 * room left goes to the columns whose content would still wrap, in proportion to what they lack;
 * a column of figures is right-aligned.
 */
export function tableLayout(
  doc: Doc,
  columns: string[],
  rows: string[][],
  width: number,
  fontSize: number,
): GridLayout {
  const header = columns.map(winAnsi);
  const cells = rows.map((row) => row.map(winAnsi));
  const measure = (i: number, of: (text: string) => number) => {
    doc.font(BOLD).fontSize(fontSize);
    const headerWidth = Math.max(...header[i].split(/\s+/).map((word) => doc.widthOfString(word)));
    doc.font(REGULAR).fontSize(fontSize);
    // A loop, not a spread: a table may have more rows than a call takes arguments.
    return cells.reduce((widest, row) => Math.max(widest, of(row[i])), headerWidth) + 2 * PADDING;
  };
  const least = header.map((_, i) => measure(i, (text) => leastWidth(doc, text)));
  const most = header.map((_, i) => measure(i, (text) => doc.widthOfString(text)));
  const leastTotal = least.reduce((sum, w) => sum + w, 0);
  const padding = 2 * PADDING * columns.length;
  if (leastTotal > width && fontSize > SMALLEST_TABLE_FONT) {
    // Text widths grow with the font size: the size at which every word fits whole, once.
    const fitting = Math.floor(((width - padding) / (leastTotal - padding)) * fontSize * 10) / 10;
    return tableLayout(doc, columns, rows, width, Math.max(SMALLEST_TABLE_FONT, fitting));
  }
  const lacking = most.map((w, i) => w - least[i]);
  const lackingTotal = lacking.reduce((sum, w) => sum + w, 0);
  const widths =
    leastTotal >= width || lackingTotal === 0
      ? least.map((w) => (w * width) / leastTotal)
      : least.map((w, i) => w + ((width - leastTotal) * lacking[i]) / lackingTotal);
  return {
    widths,
    fontSize,
    header: columns,
    rightAligned:
      cells.length > 0 ? header.map((_, i) => cells.every((row) => row[i] === '' || NUMBER.test(row[i]))) : [],
    boldFirstColumn: false,
    ruled: true,
  };
}

/** Labels in bold on the left, values wrapping on the right. */
export const fieldsLayout = (width: number, fontSize: number): GridLayout => {
  const labelWidth = Math.min(170, width * 0.32);
  return {
    widths: [labelWidth, width - labelWidth],
    fontSize,
    header: null,
    rightAligned: [false, false],
    boldFirstColumn: true,
    ruled: false,
  };
};
