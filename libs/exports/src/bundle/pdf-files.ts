import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mgOf } from '@lib/compliance';
import type { RecordedEvent } from '@lib/event-store';
import type { LossReported, Registrant, StockDestroyed } from '@lib/ledger';
import { form106Document, form41Document, reconciliationDocument, renderPdf, type FormRegistrant } from '../formats';
import { locationNameOf } from './location-name';
import type { FormAct } from './lot-pass';
import type { BundleRequest, LotTotals } from './write-bundle';

const TWO_YEARS_MS = 2 * 365.25 * 24 * 3600 * 1000;

/** The DEA-notice and Form 106 facts of the theft-or-loss case a loss opened, if any. */
function caseOfLoss(lossEventId: string, cases: Map<string, RecordedEvent[]>) {
  for (const events of cases.values()) {
    const flagged = events.find((e) => e.type === 'DiscrepancyFlagged');
    const data = flagged?.data as { rule?: string; subject?: string; caseId?: string } | undefined;
    if (data?.rule !== 'THEFT_OR_LOSS' || data.subject !== lossEventId) continue;
    const fact = (type: string, field: string) =>
      ((events.find((e) => e.type === type)?.data as Record<string, string> | undefined) ?? {})[field] ?? null;
    return {
      caseId: data.caseId ?? null,
      notices: { deaNoticeAt: fact('DeaNoticeSent', 'sentAt'), form106FiledAt: fact('Form106Filed', 'filedAt') },
    };
  }
  return { caseId: null, notices: undefined };
}

const actFields = (act: FormAct<StockDestroyed | LossReported>, registrant: Registrant) => ({
  eventId: act.event.eventId,
  lotId: act.lot.lotId,
  lotNumber: act.lot.lotNumber,
  substanceName: act.lot.product.substanceName,
  deaDrugCode: act.lot.product.deaDrugCode,
  strengthMg: mgOf(1, act.lot.product.strengthUg),
  form: act.lot.product.form,
  quantity: act.event.data.quantity,
  locationName: locationNameOf(registrant, act.event.data.locationId),
  occurredAt: act.event.metadata.occurredAt,
  recordedAt: act.event.metadata.recordedAt,
});

/**
 * The PDFs a person reads: the reconciliation (signed by the counts behind it), one DEA Form 41
 * worksheet per destruction and one Form 106 pre-fill per theft or loss of the period, each with
 * every signature's printed name, time and meaning. Answers the file names written.
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
  const write = async (name: string, pdf: Promise<Buffer>) => {
    writeFileSync(join(dir, name), await pdf, { flag: 'wx' });
    written.push(name);
  };
  const { figures } = lots;
  await write(
    'reconciliation.pdf',
    renderPdf(
      reconciliationDocument(lots.reconciliation, { exportId, generatedAt, signatures: figures.countSignatures }),
    ),
  );
  for (const act of figures.destructions) {
    await write(
      `form-41-${act.event.eventId}.pdf`,
      renderPdf(
        form41Document({
          registrant: formRegistrant,
          destruction: { ...actFields(act, registrant), method: act.event.data.method },
          signatures: act.signatures,
          generatedAt,
          exportId,
        }),
      ),
    );
  }
  for (const act of figures.losses) {
    const { discoveredAt, kind, description } = act.event.data;
    const discovered = Date.parse(discoveredAt);
    const lossesInPast24Months = figures.lossDiscoveries.filter(
      (at) => Date.parse(at) < discovered && Date.parse(at) >= discovered - TWO_YEARS_MS,
    ).length;
    await write(
      `form-106-${act.event.eventId}.pdf`,
      renderPdf(
        form106Document({
          registrant: formRegistrant,
          loss: { ...actFields(act, registrant), kind, discoveredAt, description },
          ...caseOfLoss(act.event.eventId, input.caseEvents),
          lossesInPast24Months,
          signatures: act.signatures,
          generatedAt,
          exportId,
        }),
      ),
    );
  }
  return written;
}
