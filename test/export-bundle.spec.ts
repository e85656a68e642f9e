import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signBody } from '../apps/worker/src/alerts/webhook-signature';
import { extractZip, parseArcosRecord, parseCsv, verifyExport } from '@lib/exports';
import { eventually } from './support/eventually';
import { seedMdmaSite, type SeededSite } from './support/mdma-site';
import { pdfText } from './support/pdf-text';
import { setUpSite, type Site } from './support/site';
import { TestLedger } from './support/test-ledger';

/**
 * Issue 6 end to end: a compliance officer asks for the export of an MDMA trial site's period
 * through the API, the real worker generates it over real Redis and BullMQ, a regulator downloads
 * the zip and verifies it offline with nothing but the public key; and any change to it is caught.
 */
describe('regulator export bundle', () => {
  let ledger: TestLedger;
  let site: Site;
  let seeded: SeededSite;
  let exportId: string;
  let folder: string;
  let zipPath: string;
  let publicKeyPem: string;
  const work = mkdtempSync(join(tmpdir(), 'export-bundle-'));
  const period = { from: '', to: '' };
  /** A regulator's system, told by the alert webhook when a bundle is ready. */
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let receiver: Server;
  const WEBHOOK_SECRET = 'export-webhook-secret-for-tests';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    ledger = await TestLedger.start(
      { ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/ledger`, ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      { worker: true },
    );
    site = await setUpSite(ledger);
    seeded = await seedMdmaSite(ledger, site);
    period.from = seeded.startedAt;
    for (const rule of ['COUNT_VARIANCE', 'THEFT_OR_LOSS']) {
      await eventually(
        async () =>
          (await ledger.get(`/registrants/${site.id}/discrepancies?rule=${rule}`, site.compliance)).body.items
            ?.length === 1,
        `the worker to open the ${rule} case`,
      );
    }
    period.to = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the period must have ended
    const requested = await ledger.post(`/registrants/${site.id}/exports`, site.compliance, period);
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe('PENDING');
    exportId = requested.body.exportId;
    await eventually(
      async () => (await ledger.get(`/registrants/${site.id}/exports`, site.regulator)).body.length === 1,
      'the worker to generate the export',
      60_000,
    );
    const zip = await ledger
      .get(`/registrants/${site.id}/exports/${exportId}/bundle.zip`, site.regulator)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    zipPath = join(work, 'bundle.zip');
    writeFileSync(zipPath, zip.body as Buffer);
    folder = mkdtempSync(join(work, 'bundle-'));
    await extractZip(zipPath, folder);
    publicKeyPem = (await request(ledger.server).get('/api/v1/signing-keys')).body.keys[0].publicKeyPem;
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
    receiver?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const csv = (name: string) => parseCsv(readFileSync(join(folder, name), 'utf8'));
  const manifest = () => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));

  it('verifies offline, as downloaded, with only the public key', async () => {
    const verdict = await verifyExport(zipPath, publicKeyPem);
    expect(verdict).toMatchObject({ intact: true, summary: { exportId } });
  });

  it('covers the period: every event of the site, counted by type, with its stream heads', () => {
    const m = manifest();
    expect(m.registrant).toMatchObject({
      registrantId: site.id,
      name: 'Research site RS1234563',
      deaNumber: 'RS1234563',
    });
    expect(m.events.byType).toMatchObject({
      LotReceived: 1,
      StockTransferred: 1,
      DoseDispensed: 9,
      DoseAdministered: 8,
      DoseReturned: 1,
      DoseWasted: 1,
      StockDestroyed: 1,
      LossReported: 1,
      PhysicalCountRecorded: 2,
    });
    const rows = csv('transactions.csv');
    expect(rows.length - 1).toBe(m.events.total);
    expect(m.streams.map((s: { streamId: string }) => s.streamId)).toContain(`lot-${seeded.lotId}`);
    expect(m.files.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining([
        'transactions.csv',
        'dispensing-record.csv',
        'participant-accountability.csv',
        'inventory.csv',
        'reconciliation.csv',
        'discrepancies.csv',
        'audit-trail.csv',
        'arcos.txt',
        'arcos.csv',
        'reconciliation.pdf',
        `form-41-${seeded.destructionEventId}.pdf`,
        `form-106-${seeded.lossEventId}.pdf`,
      ]),
    );
  });

  it('holds the dispensing record, the accountability log, the inventory and the reconciliation', () => {
    const dispensing = csv('dispensing-record.csv');
    expect(dispensing.length - 1).toBe(9);
    const accountability = csv('participant-accountability.csv');
    const header = accountability[0];
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(accountability.slice(1).map((r) => `${col(r, 'participantCode')}/${col(r, 'session')}`)).toEqual([
      'P-001/1',
      'P-001/2',
      'P-001/3',
      'P-002/1',
      'P-002/2',
      'P-002/3',
      'P-003/1',
      'P-003/2',
      'P-003/3',
    ]);
    const p3s1 = accountability.find((r) => col(r, 'participantCode') === 'P-003' && col(r, 'session') === '1')!;
    expect([col(p3s1, 'administered'), col(p3s1, 'wasted'), col(p3s1, 'outstanding')]).toEqual(['2', '1', '0']);
    const inventory = csv('inventory.csv');
    expect(inventory.slice(1).map((r) => [r[0], r[10], r[11]])).toEqual([
      ['A_IN_STORAGE', 'Vault A', '66'],
      ['A_IN_STORAGE', 'Clinic room 2', '3'],
    ]);
    const reconciliation = csv('reconciliation.csv');
    const [rh, ...lines] = reconciliation;
    const vault = lines.find((l) => l[rh.indexOf('location')] === 'Vault A')!;
    expect(['expectedClosing', 'counted', 'variance'].map((c) => vault[rh.indexOf(c)])).toEqual(['66', '65', '-1']);
  });

  it('prints ARCOS records of exactly 80 characters that parse back', () => {
    const lines = readFileSync(join(folder, 'arcos.txt'), 'utf8').split('\r\n').filter(Boolean);
    expect(lines.map((l) => l.length)).toEqual([80, 80, 80]);
    const records = lines.map(parseArcosRecord);
    expect(records.map((r) => [r.transactionCode, r.quantity, r.unitCode])).toEqual([
      ['P', 2000, '2'],
      ['Y', 100, '2'],
      ['T', 40, '2'],
    ]);
    expect(records[0]).toMatchObject({
      reportingRegistrant: 'RS1234563',
      associateRegistrant: 'PM7654329',
      orderFormNumber: '231234567',
    });
    expect(csv('arcos.csv').length - 1).toBe(3);
  });

  it('lists the discrepancy the short count opened, and the audit trail of the period with its sign-ins', async () => {
    const cases = csv('discrepancies.csv');
    expect(
      cases
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['COUNT_VARIANCE', 'THEFT_OR_LOSS']);
    const audit = csv('audit-trail.csv');
    const actions = audit.slice(1).map((r) => r[audit[0].indexOf('action')]);
    expect(actions).toEqual(expect.arrayContaining(['CREATE', 'WITNESS', 'LOGIN']));
  });

  it('shows every signature in the PDFs a person reads', async () => {
    const form41 = (await pdfText(readFileSync(join(folder, `form-41-${seeded.destructionEventId}.pdf`)))).pages.join(
      '\n',
    );
    expect(form41).toContain('Research site RS1234563');
    expect(form41).toContain('RS1234563');
    expect(form41).toContain('pat.pharmacist (printed)');
    expect(form41).toContain('cora.compliance (printed)');
    expect(form41).toContain('WITNESS');
    expect(form41).toContain('MDM-24A-017');
    const form106 = (await pdfText(readFileSync(join(folder, `form-106-${seeded.lossEventId}.pdf`)))).pages.join('\n');
    expect(form106).toContain('cora.compliance (printed)');
    expect(form106).toContain('Two capsules missing');
    const reconciliation = (await pdfText(readFileSync(join(folder, 'reconciliation.pdf')))).pages.join('\n');
    expect(reconciliation).toContain('Research site RS1234563');
    expect(reconciliation).toContain('ivy.investigator (printed)');
    expect(reconciliation).toMatch(/\b66\b/);
  });

  it('tells the regulator’s system it is ready, signed, with the hash of its manifest', async () => {
    const ready = () => received.filter((r) => JSON.parse(r.body).kind === 'EXPORT_READY');
    await eventually(() => ready().length > 0, 'the EXPORT_READY alert');
    const [alert] = ready();
    const timestamp = String(alert.headers['x-ledger-timestamp']);
    expect(alert.headers['x-ledger-signature']).toBe(signBody(WEBHOOK_SECRET, timestamp, alert.body));
    expect(JSON.parse(alert.body)).toMatchObject({
      exportId,
      registrantId: site.id,
      manifestSha256: createHash('sha256')
        .update(readFileSync(join(folder, 'manifest.json')))
        .digest('hex'),
    });
  });

  it('is generated once: asking again answers the same bundle', async () => {
    const again = await ledger.post(`/registrants/${site.id}/exports`, site.compliance, period);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ exportId, status: 'GENERATED' });
    expect((await ledger.get(`/registrants/${site.id}/exports`, site.regulator)).body).toHaveLength(1);
  });

  describe('fails verification, naming the file, when', () => {
    const copy = () => {
      const dir = mkdtempSync(join(work, 'tampered-'));
      cpSync(folder, dir, { recursive: true });
      return dir;
    };

    it('any single byte of any file changes', async () => {
      for (const name of readdirSync(folder)) {
        const dir = copy();
        const bytes = readFileSync(join(dir, name));
        const at = Math.floor(bytes.length / 2);
        bytes[at] = bytes[at] ^ 0x01;
        writeFileSync(join(dir, name), bytes);
        expect({ name, verdict: await verifyExport(dir, publicKeyPem) }).toMatchObject({
          name,
          verdict: { intact: false, file: name },
        });
      }
    });

    it('a row is removed', async () => {
      const dir = copy();
      const path = join(dir, 'participant-accountability.csv');
      const lines = readFileSync(path, 'utf8').split('\r\n');
      writeFileSync(path, [...lines.slice(0, 3), ...lines.slice(4)].join('\r\n'));
      expect(await verifyExport(dir, publicKeyPem)).toMatchObject({
        intact: false,
        file: 'participant-accountability.csv',
      });
    });

    it('it is checked against another key', async () => {
      const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(await verifyExport(folder, other)).toMatchObject({ intact: false, file: 'manifest.json' });
    });
  });

  it('lets only compliance officers and regulators read it, and serves only the files it lists', async () => {
    const outsider = await ledger.get(`/registrants/${site.id}/exports/${exportId}`, site.outsider);
    expect(outsider.status).toBe(403);
    const traversal = await ledger.get(
      `/registrants/${site.id}/exports/${exportId}/files/${encodeURIComponent('../../ledger.sqlite')}`,
      site.regulator,
    );
    expect(traversal.status).toBe(404);
    const pharmacist = await ledger.post(`/registrants/${site.id}/exports`, site.pharmacist, period);
    expect(pharmacist.status).toBe(403);
    const manifestDownload = await ledger.get(`/registrants/${site.id}/exports/${exportId}`, site.regulator);
    expect(manifestDownload.body).toEqual(manifest());
  });
});
