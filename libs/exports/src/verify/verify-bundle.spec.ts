import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH } from '@lib/event-store';
import { keyIdOf, type UnsignedManifest } from '../bundle/manifest';
import {
  ARCOS_LINES,
  editManifest,
  LOT_A,
  LOT_B,
  refreshEntry,
  writeBundle,
  writeTransactions,
  type BundleFixture,
} from '../../../../test/support/export-bundle-fixture';
import type { PassedCheck } from './verification';
import { verifyBundle } from './verify-bundle';

describe('verifyBundle', () => {
  let dir: string;
  let bundle: BundleFixture;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-bundle-'));
    bundle = writeBundle(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const verify = () => verifyBundle(dir, bundle.publicKey);
  /** What an exporter with the private key could write: the manifest changed and signed again. */
  const resign = (change: (manifest: UnsignedManifest) => void) => editManifest(dir, change, bundle.privateKey);

  it('verifies an intact bundle, reporting each check as it passes', async () => {
    const passed: PassedCheck[] = [];
    const verification = await verifyBundle(dir, bundle.publicKey, { onPassed: (check) => passed.push(check) });
    expect(verification).toEqual({
      intact: true,
      summary: {
        exportId: 'export-fixture-1',
        keyId: keyIdOf(bundle.privateKey),
        files: 4,
        events: 5,
        fromPosition: '101',
        toPosition: '131',
        byType: { LotReceived: 1, Administered: 1, LotTransferred: 1, Destroyed: 1, CountRecorded: 1 },
        streams: 2,
      },
    });
    expect(passed).toEqual([
      { check: 'signature', keyId: keyIdOf(bundle.privateKey), manifest: bundle.manifest },
      { check: 'files', files: 4 },
      { check: 'rows', csvFiles: 1, arcosRecords: 2 },
      { check: 'transactions', events: 5, fromPosition: '101', toPosition: '131', streams: 2 },
    ]);
  });

  it('verifies a period without events', async () => {
    writeTransactions(dir, []);
    resign((manifest) => {
      refreshEntry(dir, 'transactions.csv', 0)(manifest);
      manifest.events = { total: 0, fromPosition: null, toPosition: null, byType: {} };
      manifest.streams = [];
    });
    expect(await verify()).toMatchObject({ intact: true, summary: { events: 0, streams: 0, fromPosition: null } });
  });

  it('fails on any changed byte of any file, naming that file', async () => {
    const names = readdirSync(dir);
    expect(names.sort()).toEqual([
      'arcos.txt',
      'inventory.csv',
      'manifest.json',
      'reconciliation.pdf',
      'transactions.csv',
    ]);
    for (const name of names) {
      const path = join(dir, name);
      const original = readFileSync(path);
      for (const at of [0, 1, Math.floor(original.length / 2), original.length - 2, original.length - 1]) {
        const changed = Buffer.from(original);
        changed[at] ^= 0x01;
        writeFileSync(path, changed);
        const verification = await verify();
        expect({ name, at, verification }).toMatchObject({ name, at, verification: { intact: false, file: name } });
      }
      writeFileSync(path, original);
    }
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('fails on a CSV with a data row removed, naming it', async () => {
    const path = join(dir, 'inventory.csv');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.lastIndexOf(LOT_B)));
    expect(await verify()).toEqual({ intact: false, file: 'inventory.csv', reason: expect.stringMatching(/bytes/) });
  });

  it('fails on the row count when the exporter signed a wrong one', async () => {
    const path = join(dir, 'inventory.csv');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.lastIndexOf(LOT_B)));
    resign(refreshEntry(dir, 'inventory.csv'));
    expect(await verify()).toEqual({
      intact: false,
      file: 'inventory.csv',
      reason: 'has 2 rows, the manifest says 3',
    });
  });

  const renameTheInvestigator = () =>
    writeTransactions(dir, bundle.events, (row) => {
      if (row.actorPrintedName === 'Ivy Investigator, MD') row.actorPrintedName = 'Somebody Else';
    });

  it('fails on manifest.json when a readable column is edited and its hash fixed up without the private key', async () => {
    renameTheInvestigator();
    editManifest(dir, refreshEntry(dir, 'transactions.csv'));
    expect(await verify()).toEqual({
      intact: false,
      file: 'manifest.json',
      reason: expect.stringContaining('does not match the manifest'),
    });
  });

  it('fails on transactions.csv when a readable column disagrees with the hashed metadata, even under a valid signature', async () => {
    renameTheInvestigator();
    resign(refreshEntry(dir, 'transactions.csv'));
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason:
        `row 2 (position 107), stream ${LOT_B}, revision 3: actorPrintedName reads "Somebody Else" ` +
        'but the hashed metadata says "Ivy Investigator, MD"',
    });
  });

  it('fails on transactions.csv when an event says other than its hash, even under a valid signature', async () => {
    writeTransactions(dir, bundle.events, (row, index) => {
      if (index === 0) row.data = row.data.replace('"quantity":100', '"quantity":1000');
    });
    resign(refreshEntry(dir, 'transactions.csv'));
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: `row 1 (position 101), stream ${LOT_A}, revision 0: content does not match its hash`,
    });
  });

  it('fails on transactions.csv, naming the stream, when an event is left out of a chain', async () => {
    writeTransactions(
      dir,
      bundle.events.filter((event) => event.type !== 'LotTransferred'),
    );
    resign((manifest) => {
      refreshEntry(dir, 'transactions.csv', 4)(manifest);
      manifest.events.total = 4;
      delete manifest.events.byType.LotTransferred;
    });
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: `row 4 (position 131), stream ${LOT_A}, revision 2: revision out of sequence (an event is missing or reordered)`,
    });
  });

  it("checks a stream that began before the period from the manifest's previous hash", async () => {
    resign((manifest) => {
      manifest.streams[1].prevHash = GENESIS_HASH;
    });
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: `row 2 (position 107), stream ${LOT_B}, revision 3: previous-hash link broken`,
    });
  });

  it('fails when a chain does not end at the head the manifest gives', async () => {
    resign((manifest) => {
      manifest.streams[0].head = GENESIS_HASH;
    });
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: expect.stringMatching(new RegExp(`^stream ${LOT_A} ends at revision 2 .* the manifest says revision 2`)),
    });
  });

  it("fails on an event past the manifest's last position, and on counts the manifest does not give", async () => {
    resign((manifest) => {
      manifest.events.toPosition = '130';
    });
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: `row 5 (position 131), stream ${LOT_A}: after the manifest's last position 130`,
    });
    resign((manifest) => {
      manifest.events.toPosition = '131';
      manifest.events.byType = { ...manifest.events.byType, Destroyed: 2 };
    });
    expect(await verify()).toEqual({
      intact: false,
      file: 'transactions.csv',
      reason: 'holds 1 Destroyed events, the manifest says 2',
    });
  });

  it('fails on an arcos.txt record that is not 80 characters', async () => {
    writeFileSync(join(dir, 'arcos.txt'), `${ARCOS_LINES[0]}\r\n${ARCOS_LINES[1].slice(1)}\r\n`);
    resign(refreshEntry(dir, 'arcos.txt'));
    expect(await verify()).toEqual({ intact: false, file: 'arcos.txt', reason: 'record 2 is 79 characters, not 80' });
  });

  it('fails on manifest.json when it was signed by another key, naming both', async () => {
    const other = generateKeyPairSync('ed25519');
    editManifest(dir, () => undefined, other.privateKey);
    expect(await verify()).toEqual({
      intact: false,
      file: 'manifest.json',
      reason: `signed by key ${keyIdOf(other.privateKey)}, not by the given key ${keyIdOf(bundle.privateKey)}: the signature does not verify`,
    });
  });

  it('fails on a file the manifest does not list, and on a listed file that is missing', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'added later');
    expect(await verify()).toEqual({ intact: false, file: 'notes.txt', reason: expect.stringMatching(/not listed/) });
    rmSync(join(dir, 'notes.txt'));
    rmSync(join(dir, 'reconciliation.pdf'));
    expect(await verify()).toEqual({
      intact: false,
      file: 'reconciliation.pdf',
      reason: expect.stringMatching(/missing/),
    });
  });
});
