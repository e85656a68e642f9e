import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';

/**
 * Zips the files of `dir` (flat, no folder inside the zip) into `zipPath`, streaming: each file
 * is read in chunks and each compressed chunk written as it comes, so a bundle of gigabytes is
 * zipped in bounded memory.
 */
export async function zipFolder(dir: string, zipPath: string): Promise<void> {
  const fd = openSync(zipPath, 'wx');
  let failure: Error | null = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else writeSync(fd, chunk);
    if (error || final) finished();
  });
  try {
    for (const name of readdirSync(dir).sort()) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      for await (const chunk of createReadStream(join(dir, name))) entry.push(chunk as Uint8Array);
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
    await done;
  } finally {
    closeSync(fd);
  }
  if (failure) throw failure;
}
