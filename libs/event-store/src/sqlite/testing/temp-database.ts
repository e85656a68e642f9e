import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A database path in a fresh temporary directory (the file and its parent do not exist yet). */
export function tempDatabase(): { file: string; dir: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  return { file: join(dir, 'data', 'events.sqlite'), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
