import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestFile } from '../bundle/manifest';
import { BundleFault, onFile } from './verification';

/** SHA-256 of a file, read as a stream: a bundle's files may be far larger than memory. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every listed file has the size and the SHA-256 the signed manifest gives it. */
export async function checkFileDigests(dir: string, files: ManifestFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.name);
    const { size } = await onFile(file.name, () => stat(path));
    if (size !== file.bytes) {
      throw new BundleFault(file.name, `${bytes(size)}, the manifest says ${bytes(file.bytes)}`);
    }
    const sha256 = await onFile(file.name, () => sha256OfFile(path));
    if (sha256 !== file.sha256) {
      throw new BundleFault(file.name, `SHA-256 ${sha256} differs from the manifest's ${file.sha256}`);
    }
  }
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
