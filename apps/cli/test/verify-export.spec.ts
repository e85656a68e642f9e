import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { writeBundle } from '../../../test/support/export-bundle-fixture';
import { runCli } from '../../../test/support/cli-process';

/** `verify-export` run as a regulator runs it: a process of its own with the bundle and the key, nothing else. */
describe('verify-export', () => {
  let work: string;
  let dir: string;
  let keyFile: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'verify-export-cli-'));
    dir = join(work, 'bundle');
    mkdirSync(dir);
    const { publicKey } = writeBundle(dir);
    keyFile = join(work, 'ledger-export.pub.pem');
    writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints each check passed and exits 0 for an intact folder or zip', () => {
    const folder = runCli('verify-export', dir, '--key', keyFile);
    expect(folder.status).toBe(0);
    const lines = folder.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^✓ signature: Ed25519 key [0-9a-f]{16} signed manifest\.json \(export export-fixture-1, /),
      '✓ 4 files, hashes and sizes match, none missing or added',
      '✓ row counts of 1 CSV files match; arcos.txt: 2 records of 80 characters',
      '✓ 5 events at positions 101..131 match the manifest; 2 stream chains intact',
    ]);
    const zip = join(work, 'export.zip');
    const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
    writeFileSync(zip, zipSync(files));
    expect(runCli('verify-export', zip, `--key=${keyFile}`)).toMatchObject({ status: 0, stdout: folder.stdout });
  });

  it('names the file and exits 1 when the bundle is not intact', () => {
    const path = join(dir, 'inventory.csv');
    const original = readFileSync(path);
    try {
      writeFileSync(path, Buffer.concat([original, Buffer.from('x')]));
      const result = runCli('verify-export', dir, '--key', keyFile);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(
        /^✓ signature: .*\n✗ inventory\.csv: [\d,]+ bytes, the manifest says [\d,]+ bytes\n$/,
      );
    } finally {
      writeFileSync(path, original);
    }
    const otherKey = join(work, 'other.pub.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const result = runCli('verify-export', dir, '--key', otherKey);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^✗ manifest\.json: signed by key [0-9a-f]{16}, not by the given key [0-9a-f]{16}/);
  });

  it('exits 2 on a usage error: arguments missing, key unreadable or not Ed25519, no such export', () => {
    const rsaKey = join(work, 'rsa.pub.pem');
    writeFileSync(
      rsaKey,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    for (const [args, says] of [
      [[dir], /--key <public-key\.pem>/],
      [['--key', keyFile], /Give one export/],
      [[dir, '--key', join(work, 'missing.pem')], /Cannot use .*missing\.pem as the public key: ENOENT/],
      [[dir, '--key', rsaKey], /not an Ed25519 key \(rsa\)/],
      [[join(work, 'nowhere'), '--key', keyFile], /Cannot read the export .*nowhere/],
    ] as const) {
      const result = runCli('verify-export', ...args);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(result.stderr).toMatch(says);
    }
    expect(runCli().stderr).toMatch(/verify-export {9}verify an export bundle offline/);
  });
});
