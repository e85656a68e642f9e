import { PickType } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import {
  DEA_NOTICE_METHODS,
  DISCREPANCY_RULES,
  RESOLUTION_CODES,
  RESOLUTION_REFERENCES,
  type CaseStatus,
  type DeaNoticeMethod,
  type DiscrepancyRule,
  type ResolutionCode,
} from '@lib/ledger';
import { Instant, Nested, OneOf, Text, Uuid } from '../common/fields';
import { SignatureDto } from '../lots/signed.dto';
import { LotsQuery } from '../reads/reads.dto';

export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'overdue', 'resolved'];

/** Filters and pages like `GET /lots`: `cursor` is the `nextCursor` of the previous page. */
export class CasesQuery extends PickType(LotsQuery, ['cursor', 'limit'] as const) {
  @OneOf(CASE_STATUSES, {
    optional: true,
    description:
      'open: every case not closed, overdue ones included; overdue: the open cases with a deadline past and ' +
      'unmet; resolved: closed, nothing owed to DEA. Omit for all.',
  })
  status?: CaseStatus;

  @OneOf(DISCREPANCY_RULES, { optional: true, description: 'Only the cases this rule flagged.' })
  rule?: DiscrepancyRule;
}

/** Every act on a case is signed with the actor's re-entered password. */
class SignedCaseRequest {
  @Nested(SignatureDto) signature!: SignatureDto;
}

export class AcknowledgementRequest extends SignedCaseRequest {
  @Text({ max: 2000, optional: true, example: 'Recount at opening tomorrow; vault log pulled.' }) note?: string;
}

const named = Object.entries(RESOLUTION_REFERENCES)
  .map(([code, type]) => `${code} (a ${type})`)
  .join(' or ');

/** An event id is given with the codes that name one, and with no other. */
const NamedByCode = () =>
  ValidateBy({
    name: 'namedByCode',
    validator: {
      validate: (_value, args) => (args?.object as ResolutionRequest).code in RESOLUTION_REFERENCES,
      defaultMessage: () => `referenceEventId is given only with ${named}`,
    },
  });

export class ResolutionRequest extends SignedCaseRequest {
  @OneOf(RESOLUTION_CODES) code!: ResolutionCode;
  @Text({ max: 4000, description: 'What the investigation found.', example: 'Two capsules found in the return tray.' })
  notes!: string;
  @Uuid({
    optional: true,
    description: `The event of the case's lot the resolution rests on: required for ${named}, refused otherwise.`,
  })
  @NamedByCode()
  referenceEventId?: string;
}

export class DeaNoticeRequest extends SignedCaseRequest {
  @Instant({ description: 'When the written notice went to DEA: not before the discovery, not in the future.' })
  sentAt!: string;
  @Text({ max: 200, example: 'DEA New England Field Division, Boston' }) office!: string;
  @OneOf(DEA_NOTICE_METHODS) method!: DeaNoticeMethod;
}

export class Form106Request extends SignedCaseRequest {
  @Text({ max: 64, description: "The Theft/Loss Reporting system's confirmation number.", example: 'TLR-26-004417' })
  confirmationNumber!: string;
  @Instant({ description: 'When DEA Form 106 was filed: not before the discovery, not in the future.' })
  filedAt!: string;
}
