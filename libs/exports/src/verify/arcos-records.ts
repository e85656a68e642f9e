import { ARCOS_RECORD_LENGTH } from '../formats';
import { createReadStream } from 'node:fs';
import { ARCOS_FILE } from './bundle-files';
import { BundleFault } from './verification';

/**
 * Counts the records of an ARCOS flat file, failing on the first line that is not exactly 80
 * characters ended by CRLF. Streams the file holding only the current line's length.
 */
export async function countArcosRecords(path: string): Promise<number> {
  let records = 0;
  let length = 0;
  let afterCr = false;
  const fault = (problem: string) => new BundleFault(ARCOS_FILE, `record ${records + 1} ${problem}`);
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    for (const char of chunk as string) {
      if (afterCr) {
        if (char !== '\n') throw fault('has a CR that is not followed by LF');
        if (length !== ARCOS_RECORD_LENGTH) throw fault(`is ${length} characters, not ${ARCOS_RECORD_LENGTH}`);
        records += 1;
        length = 0;
        afterCr = false;
      } else if (char === '\r') {
        afterCr = true;
      } else if (char === '\n') {
        throw fault('ends with LF, not CRLF');
      } else {
        length += 1;
      }
    }
  }
  if (afterCr || length > 0) throw fault('does not end with CRLF');
  return records;
}
