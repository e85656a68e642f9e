import { join } from 'node:path';
import { mgOf } from '@lib/compliance';
import type { RecordedEvent } from '@lib/event-store';
import type { LossReported, Registrant, StockDestroyed } from '@lib/ledger';
import {
  form106Document,
  form41Document,
  reconciliationDocument,
  writePdf,
  type FormRegistrant,
  type PdfDocumentModel,
} from '../formats';
import { locationNameOf } from './location-name';
import { yieldToLoop } from './yield-to-loop';
import type { FormAct } from './lot-pass';
import type { BundleRequest, LotTotals } from './write-bundle';

const TWO_YEARS_MS = 2 * 365.25 * 24 * 3600 * 1000;

type LossCase = { caseId: string | null; notices?: { deaNoticeAt: string | null; form106FiledAt: string | null } };

/** The theft-or-loss cases by the loss that opened them, with their DEA-notice and Form 106 facts. */
function lossCases(cases: Map<string, RecordedEvent[]>): Map<string, LossCase> {
  const byLoss = new Map<string, LossCase>();
  for (const events of cases.values()) {
    const flagged = events.find((e) => e.type === 'DiscrepancyFlagged');
    const data = flagged?.data as { rule?: string; subject?: string; caseId?: string } | undefined;
    if (data?.rule !== 'THEFT_OR_LOSS' || data.subject === undefined) continue;
    const fact = (type: string, field: string) =>
      ((events.find((e) => e.type === type)?.data as Record<string, string> | undefined) ?? {})[field] ?? null;
    byLoss.set(data.subject, {
      caseId: data.caseId ?? null,
      notices: { deaNoticeAt: fact('DeaNoticeSent', 'sentAt'), form106FiledAt: fact('Form106Filed', 'filedAt') },
    });
  }
  return byLoss;
}

/** The signatures of the counts the reconciliation's lines compare with: each count once. */
const countSignatures = (lots: LotTotals) =>
  [...new Set(lots.reconciliation.lines.flatMap((line) => (line.count ? [line.count.countId] : [])))].flatMap(
    (countId) => lots.counts.get(countId) ?? [],
  );

const actFields = (act: FormAct<StockDestroyed | LossReported>, registrant: Registrant) => ({
  eventId: act.eventId,
  lotId: act.lot.lotId,
  lotNumber: act.lot.lotNumber,
  substanceName: act.lot.product.substanceName,
  deaDrugCode: act.lot.product.deaDrugCode,
  strengthMg: mgOf(1, act.lot.product.strengthUg),
  form: act.lot.product.form,
  quantity: act.data.quantity,
  locationName: locationNameOf(registrant, act.data.locationId),
  occurredAt: act.occurredAt,
  recordedAt: act.recordedAt,
});

/**
 * The PDFs a person reads: the reconciliation (with the signatures of the counts its lines use),
 * one DEA Form 41 worksheet per destruction and one Form 106 pre-fill per theft or loss of the
 * period, each with every signature's printed name, time and meaning. Answers the names written.
 */
export async function writePdfs(
  dir: string,
  input: {
    request: BundleRequest;
    registrant: Registrant;
    lots: LotTotals;
    caseEvents: Map<string, RecordedEvent[]>;
  },
): Promise<string[]> {
  const { request, registrant, lots } = input;
  const { exportId, generatedAt } = request;
  const formRegistrant: FormRegistrant = {
    name: registrant.name,
    deaNumber: registrant.deaNumber,
    address: registrant.address,
    timeZone: registrant.timeZone,
  };
  const written: string[] = [];
  const write = async (name: string, model: PdfDocumentModel) => {
    await writePdf(model, join(dir, name));
    written.push(name);
    await yieldToLoop();
  };
  await write(
    'reconciliation.pdf',
    reconciliationDocument(lots.reconciliation, {
      exportId,
      generatedAt,
      signatures: countSignatures(lots),
    }),
  );
  for (const act of lots.destructions) {
    await write(
      `form-41-${act.eventId}.pdf`,
      form41Document({
        registrant: formRegistrant,
        destruction: { ...actFields(act, registrant), method: act.data.method },
        signatures: act.signatures,
        generatedAt,
        exportId,
      }),
    );
  }
  const casesByLoss = lossCases(input.caseEvents);
  for (const act of lots.losses) {
    const { discoveredAt, kind, description } = act.data;
    const discovered = Date.parse(discoveredAt);
    const lossesInPast24Months = lots.lossDiscoveries.filter(
      (at) => Date.parse(at) < discovered && Date.parse(at) >= discovered - TWO_YEARS_MS,
    ).length;
    await write(
      `form-106-${act.eventId}.pdf`,
      form106Document({
        registrant: formRegistrant,
        loss: { ...actFields(act, registrant), kind, discoveredAt, description },
        ...(casesByLoss.get(act.eventId) ?? { caseId: null }),
        lossesInPast24Months,
        signatures: act.signatures,
        generatedAt,
        exportId,
      }),
    );
  }
  return written;
}
