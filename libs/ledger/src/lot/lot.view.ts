import type { DoseType, Supplier } from './lot.events';
import { outstanding, type Lot, type LotTotals } from './lot.state';

/** The lot as a client reads it (api-contract.md, section 4). */
export interface LotView {
  lotId: string;
  registrantId: string;
  lotNumber: string;
  expiresOn: string;
  product: {
    substanceName: string;
    deaDrugCode: string;
    schedule: string;
    form: string;
    strengthMg: number;
    unitsPerContainer: number | null;
  };
  supplier: Supplier;
  order: { form: string; number: string } | null;
  invoiceDate: string | null;
  revision: number;
  onHand: { locationId: string; units: number }[];
  totalOnHand: number;
  openDispensations: {
    dispensationId: string;
    participantId: string;
    protocolId: string;
    session: number;
    doseType: DoseType;
    dispensed: number;
    administered: number;
    returned: number;
    wasted: number;
    outstanding: number;
  }[];
  totals: LotTotals;
}

export function toLotView(lot: Lot, revision: number): LotView {
  const { strengthUg, ...product } = lot.product;
  const onHand = Object.entries(lot.onHand)
    .filter(([, units]) => units !== 0)
    .map(([locationId, units]) => ({ locationId, units }));
  return {
    lotId: lot.lotId,
    registrantId: lot.registrantId,
    lotNumber: lot.lotNumber,
    expiresOn: lot.expiresOn,
    product: { ...product, strengthMg: strengthUg / 1000 },
    supplier: lot.supplier,
    order: lot.order,
    invoiceDate: lot.invoiceDate,
    revision,
    onHand,
    totalOnHand: onHand.reduce((sum, line) => sum + line.units, 0),
    openDispensations: Object.values(lot.dispensations)
      .filter((d) => outstanding(d) > 0)
      .map((d) => {
        const { locationId: _from, ...dispensation } = d;
        return { ...dispensation, outstanding: outstanding(d) };
      }),
    totals: lot.totals,
  };
}
