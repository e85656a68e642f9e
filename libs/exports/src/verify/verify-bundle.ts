import type { KeyObject } from 'node:crypto';
import { TRANSACTIONS_FILE } from './bundle-files';
import { checkFileDigests } from './file-digests';
import { checkFolderListing } from './folder-listing';
import { checkRowCounts } from './row-counts';
import { keyIdOf } from '../bundle/manifest';
import { readSignedManifest } from './signed-manifest';
import { checkTransactions } from './transactions-pass';
import { BundleFault, onFile, type PassedCheck, type Verification } from './verification';

export interface VerifyOptions {
  /** Called as each check passes, before the next one starts. */
  onPassed?: (check: PassedCheck) => void;
}

/**
 * Verifies an export bundle (a folder) offline, trusting nothing but `publicKey`: the manifest must
 * be signed by it, and every other file must be exactly what the signed manifest describes, down to
 * each event's hash chain. Stops at the first failure and names the file.
 */
export async function verifyBundle(
  dir: string,
  publicKey: KeyObject,
  options: VerifyOptions = {},
): Promise<Verification> {
  const passed = options.onPassed ?? (() => undefined);
  try {
    const manifest = await readSignedManifest(dir, publicKey);
    const keyId = keyIdOf(publicKey);
    passed({ check: 'signature', keyId, manifest });
    await checkFolderListing(dir, manifest);
    await checkFileDigests(dir, manifest.files);
    passed({ check: 'files', files: manifest.files.length });
    passed({ check: 'rows', ...(await checkRowCounts(dir, manifest.files)) });
    const { events, streams } = await onFile(TRANSACTIONS_FILE, () => checkTransactions(dir, manifest));
    const { fromPosition, toPosition, byType } = manifest.events;
    passed({ check: 'transactions', events, fromPosition, toPosition, streams });
    return {
      intact: true,
      summary: {
        exportId: manifest.exportId,
        keyId,
        files: manifest.files.length,
        events,
        fromPosition,
        toPosition,
        byType,
        streams,
      },
    };
  } catch (error) {
    if (error instanceof BundleFault) return { intact: false, file: error.file, reason: error.reason };
    throw error;
  }
}
