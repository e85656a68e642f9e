import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@lib/event-store';

/** Names the layout below; a verifier refuses a manifest of another format. */
export const BUNDLE_FORMAT = 'custody-ledger-export/1';

export interface ManifestRegistrant {
  registrantId: string;
  name: string;
  deaNumber: string;
  address: { street: string; city: string; state: string; postalCode: string; country?: string };
  timeZone: string;
}

/** The hash chain of one stream as far as the bundle carries it. */
export interface ManifestStream {
  streamId: string;
  /** The first and last revision of the stream inside `transactions.csv`. */
  fromRevision: number;
  toRevision: number;
  /** The hash of the event before `fromRevision` (64 zeros when the stream starts in the bundle). */
  prevHash: string;
  /** The hash of the event at `toRevision`: the chain's head at the end of the period. */
  head: string;
}

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
  /** Data rows (header excluded) of a CSV, records of `arcos.txt`; absent for PDFs. */
  rows?: number;
}

export interface ManifestSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** Base64 Ed25519 signature over the canonical JSON of the manifest without `signature`. */
  value: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  exportId: string;
  registrant: ManifestRegistrant;
  /** [from, to): the dates given and the instants they stand for on the registrant's clock. */
  period: { from: string; to: string; startsAt: string; endsAt: string };
  generatedAt: string;
  /** Who asked for it: a compliance officer, or the schedule. */
  requestedBy: { userId: string; printedName: string } | 'SCHEDULE';
  /** The ledger events of the period (recorded in [startsAt, endsAt)), as in `transactions.csv`. */
  events: {
    total: number;
    /** Global positions (decimal strings) of the first and last; null when the period is empty. */
    fromPosition: string | null;
    toPosition: string | null;
    byType: Record<string, number>;
  };
  /** Every stream with an event in the period, by stream id. */
  streams: ManifestStream[];
  /** Every other file of the bundle, by name. */
  files: ManifestFile[];
  signature: ManifestSignature;
}

export type UnsignedManifest = Omit<BundleManifest, 'signature'>;

/** The bytes that are signed: the canonical JSON (RFC 8785 style) of the manifest without `signature`. */
export const signedBytes = (manifest: UnsignedManifest | BundleManifest): Buffer => {
  const { signature: _omit, ...unsigned } = manifest as BundleManifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
};

/** A key's id, from the private key or the public one: the first 16 hex digits of SHA-256 over its DER (SPKI) public key. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update((key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

export function signManifest(manifest: UnsignedManifest, privateKey: KeyObject): BundleManifest {
  const value = sign(null, signedBytes(manifest), privateKey).toString('base64');
  return { ...manifest, signature: { algorithm: 'Ed25519', keyId: keyIdOf(privateKey), value } };
}

/** Whether `manifest` carries a valid signature by `publicKey`, over exactly its content. */
export function manifestSignedBy(manifest: BundleManifest, publicKey: KeyObject): boolean {
  const { signature } = manifest;
  if (signature?.algorithm !== 'Ed25519' || typeof signature.value !== 'string') return false;
  return verify(null, signedBytes(manifest), publicKey, Buffer.from(signature.value, 'base64'));
}

/** The manifest as written to `manifest.json`: canonical JSON, so its SHA-256 is its identity. */
export const manifestText = (manifest: BundleManifest): string => `${canonicalJson(manifest)}\n`;

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
