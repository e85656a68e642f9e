import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { BUNDLE_FORMAT, keyIdOf, manifestSignedBy, manifestText, type BundleManifest } from '../bundle/manifest';
import { MANIFEST_FILE } from './bundle-files';
import { BundleFault, onFile } from './verification';

/**
 * Reads `manifest.json` and trusts it only if `publicKey` signed exactly its content. It must also
 * be byte for byte the canonical text of that content, so that no byte of the file can change
 * (whitespace, key order, escapes) without the verification failing.
 */
export async function readSignedManifest(dir: string, publicKey: KeyObject): Promise<BundleManifest> {
  const text = await onFile(MANIFEST_FILE, () => readFile(join(dir, MANIFEST_FILE), 'utf8'));
  const fault = (reason: string) => new BundleFault(MANIFEST_FILE, reason);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(text) as BundleManifest;
  } catch (error) {
    throw fault(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw fault('not a JSON object');
  if (manifest.format !== BUNDLE_FORMAT) {
    throw fault(`format ${JSON.stringify(manifest.format)} is not ${JSON.stringify(BUNDLE_FORMAT)}`);
  }
  if (!manifestSignedBy(manifest, publicKey)) {
    const keyId = keyIdOf(publicKey);
    const signer = manifest.signature?.keyId;
    throw fault(
      signer === keyId
        ? `the Ed25519 signature of key ${keyId} does not match the manifest's content (edited after signing)`
        : `signed by key ${String(signer)}, not by the given key ${keyId}: the signature does not verify`,
    );
  }
  if (text !== manifestText(manifest)) throw fault('not the canonical text of its signed content (edited)');
  return manifest;
}
