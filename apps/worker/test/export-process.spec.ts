import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInChildProcess } from '../src/exports/export-process';

/** The export process's failures come back to the job as errors, with the reason. */
describe('generateInChildProcess', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'export-process-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const task = (endsAt: string) => ({
    eventStore: { kind: 'embedded' as const, file: join(dir, 'ledger.sqlite') },
    exportDir: join(dir, 'exports'),
    signingKey: { file: join(dir, 'key.pem'), generate: true },
    request: {
      registrantId: '1c2d3e4f-0000-4000-8000-000000000001',
      period: { from: '2026-10-01', to: '2026-11-01', startsAt: '2026-10-01T04:00:00.000Z', endsAt },
      requestedBy: 'SCHEDULE' as const,
      now: '2026-10-15T12:00:00.000Z',
    },
  });

  it('rejects with the reason the process gives', async () => {
    await expect(generateInChildProcess(task('2026-11-01T04:00:00.000Z'))).rejects.toThrow(
      'A period is exported once it has ended.',
    );
  });

  it('rejects, writing nothing, for a registrant the store does not know', async () => {
    await expect(generateInChildProcess(task('2026-10-02T04:00:00.000Z'))).rejects.toThrow('Registrant not found.');
    expect(existsSync(join(dir, 'exports'))).toBe(false);
  });
});
