import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip } from './extract-zip';
import { verifyBundle, type VerifyOptions } from './verify-bundle';
import { BundleFault, type Verification } from './verification';

/** The key a bundle is verified with; anything but an Ed25519 key is refused before reading the bundle. */
export function ed25519PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown type'})`);
  }
  return key;
}

/**
 * Verifies an export as it reaches a regulator: its folder, or a `.zip` of the folder's files,
 * extracted to a fresh temporary folder that is removed afterwards whatever the outcome.
 */
export async function verifyExport(
  path: string,
  publicKeyPem: string,
  options: VerifyOptions = {},
): Promise<Verification> {
  const publicKey = ed25519PublicKey(publicKeyPem);
  if ((await stat(path)).isDirectory()) return verifyBundle(path, publicKey, options);
  const dir = await mkdtemp(join(tmpdir(), 'verify-export-'));
  try {
    await extractZip(path, dir);
    return await verifyBundle(dir, publicKey, options);
  } catch (error) {
    if (error instanceof BundleFault) return { intact: false, file: error.file, reason: error.reason };
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
