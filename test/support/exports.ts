import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { exportPeriod, generateExport, loadSigningKey } from '@lib/exports';
import type { TestLedger } from './test-ledger';

/**
 * Generates a registrant's export of [from, to) in the test app's own store and EXPORT_DIR, with
 * its signing key, as the worker does; answers the export id.
 */
export async function generateExportNow(
  ledger: TestLedger,
  registrantId: string,
  bounds: { from: string; to: string },
): Promise<string> {
  const generated = await generateExport(
    ledger.app.get<EventStore>(EVENT_STORE),
    {
      exportDir: join(ledger.dataDir, 'exports'),
      key: loadSigningKey({ file: join(ledger.dataDir, 'export-signing-key.pem'), generate: false }),
    },
    {
      registrantId,
      period: exportPeriod(bounds.from, bounds.to, 'America/New_York'),
      requestedBy: 'SCHEDULE',
      now: new Date().toISOString(),
    },
  );
  return generated.exportId;
}
