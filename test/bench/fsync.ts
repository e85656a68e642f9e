import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = Buffer.alloc(4096, 0x2a);

/** F (performance.md B.1): appends 4 KiB and fdatasyncs it, in a loop, for `seconds`; syncs per second. */
export function fdatasyncRate(dir: string, seconds: number): number {
  const file = join(dir, 'fdatasync.bin');
  const fd = openSync(file, 'a');
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let syncs = 0;
  let now = start;
  try {
    while (now < deadline) {
      writeSync(fd, BLOCK);
      fdatasyncSync(fd);
      syncs += 1;
      now = performance.now();
    }
  } finally {
    closeSync(fd);
    rmSync(file);
  }
  return syncs / ((now - start) / 1000);
}
