import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeReconciliations, reconcile, type InventoryReport, type Reconciliation } from '@lib/compliance';
import type { EventStore } from '@lib/event-store';
import { lotStream, type Registrant } from '@lib/ledger';
import { writeArcos } from './arcos-files';
import { writeDiscrepancies } from './discrepancies-file';
import { DispensationFiles } from './dispensation-files';
import type { ExportPeriod } from './export-period';
import { fileDigest } from './file-digest';
import { ledgerPass } from './ledger-pass';
import { lotFigures, type CountSignatures, type LotFigures } from './lot-pass';
import { BUNDLE_FORMAT, manifestText, signManifest, type BundleManifest, type ManifestFile } from './manifest';
import { writePdfs } from './pdf-files';
import { registrantOf } from './registrant-of';
import type { SigningKey } from './signing-key';
import { writeInventory, writeReconciliation } from './stock-files';
import { yieldToLoop } from './yield-to-loop';

export interface BundleRequest {
  exportId: string;
  registrantId: string;
  period: ExportPeriod;
  requestedBy: BundleManifest['requestedBy'];
  generatedAt: string;
}

/** What the lot-by-lot pass keeps across the registrant's lots: figures and the few acts the PDFs need. */
export interface LotTotals {
  reconciliation: Reconciliation;
  inventories: InventoryReport[];
  arcos: LotFigures['arcos'];
  destructions: LotFigures['destructions'];
  losses: LotFigures['losses'];
  lossDiscoveries: string[];
  /** The counts of the period, each once, however many lots it covered. */
  counts: Map<string, CountSignatures['signatures']>;
}

/**
 * Reads each lot's history in turn and keeps only its figures; its dispensations go straight to
 * the files that sort them on disk. Memory follows the largest lot, not the ledger.
 */
async function lotTotals(
  store: EventStore,
  lotIds: string[],
  registrant: Registrant,
  period: ExportPeriod,
  dispensations: DispensationFiles,
): Promise<LotTotals> {
  const parts = [reconcile([], registrant, { from: period.from, to: period.to })];
  const totals: Omit<LotTotals, 'reconciliation'> = {
    inventories: [],
    arcos: [],
    destructions: [],
    losses: [],
    lossDiscoveries: [],
    counts: new Map(),
  };
  for (const lotId of lotIds) {
    const lot = lotFigures(await store.readStream(lotStream(lotId)), registrant, period);
    parts.push(lot.reconciliation);
    totals.inventories.push(lot.inventory);
    totals.arcos.push(...lot.arcos);
    totals.destructions.push(...lot.destructions);
    totals.losses.push(...lot.losses);
    totals.lossDiscoveries.push(...lot.lossDiscoveries);
    for (const count of lot.counts) totals.counts.set(count.countId, count.signatures);
    for (const record of lot.dispensations) dispensations.add(record);
    await yieldToLoop();
  }
  return { reconciliation: mergeReconciliations(parts, registrant), ...totals };
}

/**
 * Writes the bundle of one registrant and period into `dir` (which must not hold one yet) and
 * answers its signed manifest, written last as `manifest.json`. The whole store is read once in
 * pages, then each lot on its own, so a registrant of millions of events is exported in bounded
 * memory.
 */
export async function writeBundle(
  store: EventStore,
  request: BundleRequest,
  key: SigningKey,
  dir: string,
): Promise<BundleManifest> {
  const { registrantId, period } = request;
  const registrant = await registrantOf(store, registrantId);
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const pass = await ledgerPass(store, registrantId, period, registrant.timeZone, {
    transactions: path('transactions.csv'),
    audit: path('audit-trail.csv'),
  });
  const dispensations = new DispensationFiles(
    { dispensing: path('dispensing-record.csv'), accountability: path('participant-accountability.csv') },
    registrant.timeZone,
  );
  const lots = await lotTotals(store, pass.lotIds, registrant, period, dispensations);
  const dispensed = await dispensations.close();
  const rows: Record<string, number> = {
    'transactions.csv': pass.rows.transactions,
    'audit-trail.csv': pass.rows.audit,
    'dispensing-record.csv': dispensed.dispensing,
    'participant-accountability.csv': dispensed.accountability,
    'inventory.csv': writeInventory(path('inventory.csv'), lots.inventories, registrant),
    'reconciliation.csv': writeReconciliation(path('reconciliation.csv'), lots.reconciliation),
    'discrepancies.csv': writeDiscrepancies(path('discrepancies.csv'), pass.caseEvents, period),
    ...writeArcos(dir, lots.arcos),
  };
  const pdfs = await writePdfs(dir, { request, registrant, lots, caseEvents: pass.caseEvents });
  const files: ManifestFile[] = [];
  for (const name of [...Object.keys(rows), ...pdfs].sort()) {
    files.push({ name, ...(await fileDigest(path(name))), ...(name in rows ? { rows: rows[name] } : {}) });
  }
  const { address } = registrant;
  const manifest = signManifest(
    {
      format: BUNDLE_FORMAT,
      exportId: request.exportId,
      registrant: {
        registrantId,
        name: registrant.name,
        deaNumber: registrant.deaNumber,
        address: { street: address.street, city: address.city, state: address.state, postalCode: address.postalCode },
        timeZone: registrant.timeZone,
      },
      period,
      generatedAt: request.generatedAt,
      requestedBy: request.requestedBy,
      events: pass.events,
      streams: pass.streams,
      files,
    },
    key.privateKey,
  );
  writeFileSync(path('manifest.json'), manifestText(manifest), { flag: 'wx' });
  return manifest;
}
