import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyIdOf } from './manifest';

export interface SigningKey {
  privateKey: KeyObject;
  keyId: string;
  /** SPKI PEM: what a regulator passes to `verify-export --key`. */
  publicKeyPem: string;
}

/**
 * The Ed25519 key that signs export manifests. A configured file must exist and hold an Ed25519
 * private key; the default file is generated on first start (mode 0600) and kept, so every
 * bundle a ledger signs verifies with the same public key.
 */
export function loadSigningKey(setting: { file: string; generate: boolean }): SigningKey {
  if (setting.generate && !existsSync(setting.file)) {
    mkdirSync(dirname(setting.file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(setting.file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (api and worker start together) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const privateKey = createPrivateKey(readFileSync(setting.file));
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`EXPORT_SIGNING_KEY_FILE ${setting.file} does not hold an Ed25519 private key`);
  }
  return {
    privateKey,
    keyId: keyIdOf(privateKey),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  };
}
