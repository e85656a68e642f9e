/** The characters of Windows-1252 above Latin-1's printable range that the standard PDF fonts carry. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const encodable = (ch: string): boolean => {
  const c = ch.codePointAt(0)!;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRAS.has(ch);
};

/** An accented letter the encoding lacks, by its base letter (ő → o, ǆ → dz; Ł has none); otherwise `?`. */
function fallback(ch: string): string {
  const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  return base !== '' && [...base].every(encodable) ? base : '?';
}

/**
 * Text the built-in Helvetica can show. Its WinAnsi encoding has no glyph for other characters,
 * and pdfkit writes them anyway as unrelated bytes (`Łukasz` comes out as `V¶...`), so a name
 * would print as garbage; a visible `?` is honest. Tabs become spaces, CR and CRLF line feeds.
 */
export const winAnsi = (text: string): string =>
  Array.from(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').normalize('NFC'), (ch) =>
    encodable(ch) ? ch : fallback(ch),
  ).join('');
