import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeReconciliations, reconcile, type InventoryReport, type Reconciliation } from '@lib/compliance';
import type { EventStore } from '@lib/event-store';
import {
  fold,
  lotStream,
  registered,
  registrantDecider,
  registrantStream,
  type RegistrantEvent,
  type Registrant,
} from '@lib/ledger';
import { writeArcos } from './arcos-files';
import { writeDiscrepancies } from './discrepancies-file';
import { writeDispensingRecord, writeParticipantAccountability } from './dispensation-files';
import type { ExportPeriod } from './export-period';
import { fileDigest } from './file-digest';
import { ledgerPass } from './ledger-pass';
import { lotFigures, noActs, type LotActs } from './lot-pass';
import { BUNDLE_FORMAT, manifestText, signManifest, type BundleManifest, type ManifestFile } from './manifest';
import { writePdfs } from './pdf-files';
import type { SigningKey } from './signing-key';
import { writeInventory, writeReconciliation } from './stock-files';

export interface BundleRequest {
  exportId: string;
  registrantId: string;
  period: ExportPeriod;
  requestedBy: BundleManifest['requestedBy'];
  generatedAt: string;
}

/** What the lot-by-lot pass gathers across the registrant's lots. */
export interface LotTotals {
  reconciliation: Reconciliation;
  inventories: InventoryReport[];
  figures: LotActs;
}

async function registrantOf(store: EventStore, registrantId: string): Promise<Registrant> {
  const events = await store.readStream(registrantStream(registrantId));
  return registered(fold(registrantDecider, events as unknown as RegistrantEvent[]));
}

/** Reads each lot's history in turn and keeps only its figures: memory follows the largest lot, not the ledger. */
async function lotTotals(
  store: EventStore,
  lotIds: string[],
  registrant: Registrant,
  period: ExportPeriod,
): Promise<LotTotals> {
  const parts = [reconcile([], registrant, { from: period.from, to: period.to })];
  const inventories: InventoryReport[] = [];
  const figures = noActs();
  for (const lotId of lotIds) {
    const { reconciliation, inventory, ...lot } = lotFigures(
      await store.readStream(lotStream(lotId)),
      registrant,
      period,
    );
    parts.push(reconciliation);
    inventories.push(inventory);
    for (const key of Object.keys(figures) as (keyof LotActs)[]) {
      for (const item of lot[key]) (figures[key] as unknown[]).push(item);
    }
  }
  return { reconciliation: mergeReconciliations(parts, registrant), inventories, figures };
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
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const registrant = await registrantOf(store, registrantId);
  const pass = await ledgerPass(store, registrantId, period, registrant.timeZone, {
    transactions: path('transactions.csv'),
    audit: path('audit-trail.csv'),
  });
  const lots = await lotTotals(store, pass.lotIds, registrant, period);
  const { dispensations } = lots.figures;
  const rows: Record<string, number> = {
    'transactions.csv': pass.rows.transactions,
    'audit-trail.csv': pass.rows.audit,
    'dispensing-record.csv': writeDispensingRecord(path('dispensing-record.csv'), dispensations, registrant.timeZone),
    'participant-accountability.csv': writeParticipantAccountability(
      path('participant-accountability.csv'),
      dispensations,
    ),
    'inventory.csv': writeInventory(path('inventory.csv'), lots.inventories, registrant),
    'reconciliation.csv': writeReconciliation(path('reconciliation.csv'), lots.reconciliation),
    'discrepancies.csv': writeDiscrepancies(path('discrepancies.csv'), pass.caseEvents, period),
    ...writeArcos(dir, lots.figures.arcos),
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
