import type { BundleManifest } from '../bundle/manifest';

/** What a verifier concludes: the bundle is intact, or the first file found wrong and why. */
export type Verification =
  { intact: true; summary: VerificationSummary } | { intact: false; file: string; reason: string };

export interface VerificationSummary {
  exportId: string;
  keyId: string;
  /** The files listed in the manifest (manifest.json itself excluded). */
  files: number;
  events: number;
  fromPosition: string | null;
  toPosition: string | null;
  byType: Record<string, number>;
  /** Hash chains checked, one per stream with an event in the period. */
  streams: number;
}

/**
 * A check that passed, reported as soon as it does, so that a reader sees how far a bundle holds
 * up before the check that fails it.
 */
export type PassedCheck =
  | { check: 'signature'; keyId: string; manifest: BundleManifest }
  | { check: 'files'; files: number }
  /** `csvFiles` counts the CSVs other than transactions.csv, whose rows are counted in its own check. */
  | { check: 'rows'; csvFiles: number; arcosRecords: number | null }
  | { check: 'transactions'; events: number; fromPosition: string | null; toPosition: string | null; streams: number };

/** Thrown by a check: names the file of the bundle that is wrong, and why. */
export class BundleFault extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Runs a step on one file, turning an I/O or parse error into a fault of that file. */
export async function onFile<T>(file: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof BundleFault) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleFault(file, code === 'ENOENT' ? 'missing' : (error as Error).message);
  }
}
