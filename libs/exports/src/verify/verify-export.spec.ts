import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import {
  editManifest,
  refreshEntry,
  writeBundle,
  type BundleFixture,
} from '../../../../test/support/export-bundle-fixture';
import { useTmpdir } from '../../../../test/support/cli-process';
import { verifyExport } from './verify-export';

describe('verifyExport', () => {
  let root: string;
  let dir: string;
  let scratch: string;
  let bundle: BundleFixture;
  let pem: string;
  let restoreTmpdir: () => void;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'verify-export-spec-'));
    dir = join(root, 'bundle');
    // os.tmpdir() follows TMPDIR: each test sees what the extraction leaves behind.
    scratch = join(root, 'tmp');
    mkdirSync(dir);
    mkdirSync(scratch);
    bundle = writeBundle(dir);
    pem = bundle.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    restoreTmpdir = useTmpdir(scratch);
  });
  afterEach(() => {
    restoreTmpdir();
    rmSync(root, { recursive: true, force: true });
  });

  const bundleFiles = (): Record<string, Uint8Array> =>
    Object.fromEntries(readdirSync(dir).map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]));
  const writeZip = (files: Record<string, Uint8Array>, level: 0 | 6 = 6): string => {
    const path = join(root, 'export.zip');
    writeFileSync(path, zipSync(files, { level }));
    return path;
  };
  /** As the exporter's zipFolder writes it: entries of unknown size, each followed by a data descriptor. */
  const writeStreamedZip = (entries: [string, Uint8Array][]): string => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, data] of entries) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(data, true);
    }
    zip.end();
    const path = join(root, 'export.zip');
    writeFileSync(path, Buffer.concat(chunks));
    return path;
  };

  it('verifies a folder and a zip of its files, leaving no temporary folder behind', async () => {
    expect(await verifyExport(dir, pem)).toMatchObject({ intact: true, summary: { events: 5, streams: 2 } });
    expect(await verifyExport(writeZip(bundleFiles()), pem)).toMatchObject({ intact: true, summary: { files: 4 } });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('verifies a zip written as a stream, whose compressed data holds bytes that look like zip headers', async () => {
    // Bytes that do not compress: deflate stores them as they are, the signatures between them included.
    const noise = (seed: string) =>
      Buffer.concat(Array.from({ length: 4000 }, (_, i) => createHash('sha256').update(`${seed}${i}`).digest()));
    const signatures = Buffer.from('PK\x07\x08PK\x03\x04PK\x01\x02', 'latin1');
    const pdf = Buffer.concat([noise('before'), signatures, noise('after')]);
    writeFileSync(join(dir, 'reconciliation.pdf'), pdf);
    editManifest(dir, refreshEntry(dir, 'reconciliation.pdf'), bundle.privateKey);
    const zip = writeStreamedZip(Object.entries(bundleFiles()));
    const descriptors = readFileSync(zip, 'latin1').split('PK\x07\x08').length - 1;
    expect(descriptors).toBe(Object.keys(bundleFiles()).length + 1);
    expect(await verifyExport(zip, pem)).toMatchObject({ intact: true });
  });

  it('fails on a zip with one changed byte, naming the file it lands in', async () => {
    const zip = readFileSync(writeZip(bundleFiles(), 0));
    const at = zip.indexOf('Clinic room 2');
    expect(at).toBeGreaterThan(0);
    zip[at] ^= 0x01;
    writeFileSync(join(root, 'export.zip'), zip);
    expect(await verifyExport(join(root, 'export.zip'), pem)).toEqual({
      intact: false,
      file: 'inventory.csv',
      reason: expect.stringMatching(/does not match the CRC-32 and size the zip gives it$/),
    });
    expect(readdirSync(scratch)).toEqual([]);
  });

  /** Where each entry's compressed data lies in a zip written with sizes in its local headers. */
  const entryData = (zip: Buffer): { name: string; start: number; end: number }[] => {
    const entries = [];
    for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
      const nameLength = zip.readUInt16LE(at + 26);
      const start = at + 30 + nameLength + zip.readUInt16LE(at + 28);
      const end = start + zip.readUInt32LE(at + 18);
      entries.push({ name: zip.toString('utf8', at + 30, at + 30 + nameLength), start, end });
      at = end;
    }
    return entries;
  };

  it('fails on a compressed zip with a changed byte in the data of any entry, naming that entry', async () => {
    const original = readFileSync(writeZip(bundleFiles()));
    const entries = entryData(original);
    expect(entries.map(({ name }) => name).sort()).toEqual(readdirSync(dir).sort());
    for (const { name, start, end } of entries) {
      // Bytes that carry content: bit 0 of the first byte only marks the final block, and the last
      // byte may be padding, so flipping those can leave the extracted content as it was.
      for (const at of [start + 1, Math.floor((start + end) / 2)]) {
        const zip = Buffer.from(original);
        zip[at] ^= 0x01;
        writeFileSync(join(root, 'export.zip'), zip);
        const verification = await verifyExport(join(root, 'export.zip'), pem);
        expect({ name, at, verification }).toMatchObject({ name, at, verification: { intact: false, file: name } });
      }
    }
    expect(readdirSync(scratch)).toEqual([]);
  });

  it.each([['../escaped.txt'], ['bundle/manifest.json'], ['..']])(
    'refuses a zip entry named %s, writing nothing outside its folder',
    async (name) => {
      const zip = writeZip({ ...bundleFiles(), [name]: new Uint8Array([0x41]) });
      expect(await verifyExport(zip, pem)).toEqual({
        intact: false,
        file: name,
        reason: expect.stringMatching(/^refused/),
      });
      expect(existsSync(join(scratch, 'escaped.txt'))).toBe(false);
      expect(readdirSync(scratch)).toEqual([]);
    },
  );

  it('refuses a zip holding a name twice', async () => {
    const zip = writeStreamedZip([...Object.entries(bundleFiles()), ['arcos.txt', new Uint8Array([0x41])]]);
    expect(await verifyExport(zip, pem)).toEqual({
      intact: false,
      file: 'arcos.txt',
      reason: 'appears twice in the zip',
    });
  });

  it('refuses a key that is not Ed25519', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    await expect(verifyExport(dir, rsa.toString())).rejects.toThrow('not an Ed25519 key (rsa)');
  });
});
