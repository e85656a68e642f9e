import { BUSINESS_TIMES, type BusinessTime } from '@lib/ledger';
import { Nested, OneOf, Text } from '../common/fields';
import { SignatureDto } from '../lots/signed.dto';

const WHEN =
  'An ISO 8601 instant with an offset, or a date (YYYY-MM-DD: the start of that day in the registrant’s time zone).';

export class PeriodQuery {
  @Text({ max: 40, description: `Start of the period (inclusive). ${WHEN}`, example: '2026-10-01' })
  from!: string;

  @Text({ max: 40, description: `End of the period (exclusive). ${WHEN}`, example: '2026-11-01' })
  to!: string;
}

export class InventoryQuery {
  @Text({ max: 40, optional: true, description: `Omit for the current inventory (read model). ${WHEN}` })
  asOf?: string;

  @OneOf(BUSINESS_TIMES, {
    optional: true,
    description: 'With asOf: taken at opening or close of business (21 CFR 1304.11(a)). Default CLOSE.',
  })
  businessTime?: BusinessTime;
}

/** The compliance officer signs the figures the ledger computes for the period, as they stand now. */
export class SignReconciliationRequest extends PeriodQuery {
  @Nested(SignatureDto) signature!: SignatureDto;
}
