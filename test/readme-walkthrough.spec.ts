import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyExport } from '@lib/exports';
import { ADMIN_PASSWORD, TestLedger } from './support/test-ledger';

/** The README's walkthrough, run as a reader would paste it: every bash block, in order. */
function walkthroughScript(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Walkthrough'), readme.indexOf('## Configuration'));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((block) => block[1]).join('\n');
}

describe('the README walkthrough', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await TestLedger.start({}, { worker: true });
    await ledger.app.listen(0, '127.0.0.1');
  });
  afterAll(() => ledger.close());

  it('works by copy-paste on a fresh ledger, and its lot view adds up', async () => {
    const script = walkthroughScript()
      .replace(/^LEDGER=.*$/m, `LEDGER=${await ledger.app.getUrl()}/api/v1`)
      .replace(/^ADMIN_PASSWORD=.*$/m, `ADMIN_PASSWORD='${ADMIN_PASSWORD}'`);
    expect(script).toContain('/registrants/$RID/counts');
    // Run where a reader's terminal would be: the downloads land in that folder, not in the repository.
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      timeout: 90_000,
      cwd: ledger.dataDir,
    });

    expect(stdout).toContain('"totalOnHand": 91');
    expect(stdout).toContain('"check": 91');
    expect(stdout).toMatch(
      /"received": 100,\s+"dispensed": 6,\s+"administered": 4,\s+"returned": 2,\s+"wasted": 0,\s+"destroyed": 5,\s+"lost": 0/,
    );
    expect(stdout).toContain('{"valid":true,"events":8}');
    expect(stdout).toContain('Cora Compliance (WITNESS)');
    expect(stdout).toContain('{"storedUnits":91,"inCustodyUnits":0,"onHandUnits":91}');
    expect(stdout).toContain(
      '{"doseType":"SUPPLEMENTAL","dispensed":2,"administered":0,"returned":2,"wasted":0,"outstanding":0}',
    );
    expect(stdout).toMatch(
      /"opening":0,"receipts":100,"transfersIn":0,"transfersOut":30,"dispensed":0,"returned":2,"destroyed":5,"expectedClosing":67,"counted":67,"variance":0/,
    );
    expect(stdout).toContain(
      '{"dispensations":true,"destructionsWitnessed":true,"wastageWitnessed":true,"receiptsWithOrder":true,"stockCounted":true}',
    );
    expect(stdout).toMatch(
      /"signedBy":\{"printedName":"Cora Compliance","meaning":"APPROVAL","signedAt":"[^"]+"\},"matchesLedgerNow":true/,
    );
    expect(stdout).toMatch(/\{"rule":"COUNT_VARIANCE","severity":"HIGH","status":"open","summary":"[^"]+"\}/);
    expect(stdout).toMatch(
      /\[\{"kind":"RESOLUTION","dueAt":"[^"]+"\},\{"kind":"DEA_NOTICE","dueAt":"[^"]+"\},\{"kind":"FORM_106","dueAt":"[^"]+"\}\]/,
    );
    expect(stdout).toMatch(/\{"status":"resolved","resolution":\{"code":"CONVERTED_TO_LOSS"/);
    expect(stdout).toContain(
      '{"status":"open","deadlines":[{"kind":"DEA_NOTICE","met":true},{"kind":"FORM_106","met":false}]}',
    );
    expect(stdout).toContain(
      '{"status":"resolved","deadlines":[{"kind":"DEA_NOTICE","met":true},{"kind":"FORM_106","met":true}]}',
    );
    expect(stdout).toMatch(
      /\{"registrant":"Harbor Clinical Research Unit","period":\["[^"]+","[^"]+"\],"events":\d+,"files":\[[^\]]*"form-106-[^"]+\.pdf","form-41-[^"]+\.pdf"[^\]]*\],"signedWith":"[0-9a-f]{16}"\}/,
    );
    // What the inspector downloaded verifies with the key they downloaded.
    const verdict = await verifyExport(
      join(ledger.dataDir, 'bundle.zip'),
      readFileSync(join(ledger.dataDir, 'ledger-export-key.pem'), 'utf8'),
    );
    expect(verdict).toMatchObject({ intact: true });
  });
});
