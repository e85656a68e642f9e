import { readdir } from 'node:fs/promises';
import type { BundleManifest } from '../bundle/manifest';
import { MANIFEST_FILE } from './bundle-files';
import { BundleFault } from './verification';

/**
 * The folder must hold `manifest.json` and the listed files, as regular files, and nothing else:
 * a file left out of the manifest would be read as part of the export without being signed.
 */
export async function checkFolderListing(dir: string, manifest: BundleManifest): Promise<void> {
  const listed = new Set<string>();
  for (const { name } of manifest.files) {
    if (listed.has(name)) throw new BundleFault(name, 'listed twice in the manifest');
    listed.add(name);
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const present = new Set(entries.map((entry) => entry.name));
  for (const entry of entries) {
    if (entry.name !== MANIFEST_FILE && !listed.has(entry.name)) {
      throw new BundleFault(entry.name, 'not listed in the manifest (a file was added to the bundle)');
    }
    if (!entry.isFile()) throw new BundleFault(entry.name, 'not a regular file');
  }
  for (const name of listed) {
    if (!present.has(name)) throw new BundleFault(name, 'listed in the manifest but missing from the bundle');
  }
}
