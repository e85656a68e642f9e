import { ApiProperty } from '@nestjs/swagger';
import {
  DEADLINE_KINDS,
  DISCREPANCY_RULES,
  RESOLUTION_CODES,
  SEVERITIES,
  type CaseStatus,
  type DeadlineKind,
  type DiscrepancyRule,
  type ResolutionCode,
  type Severity,
} from '@lib/ledger';
import { CASE_STATUSES } from './case.dto';

export class DeadlineView {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: DeadlineKind;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ example: '21 CFR 1301.76(b)' }) regulation!: string;
  @ApiProperty({ description: 'Recorded as met: the notice sent, Form 106 filed, the case resolved.' }) met!: boolean;
  @ApiProperty({
    description:
      'Still owed: not met, and not discharged (resolving a count variance ends its DEA deadlines; a theft or ' +
      "loss's never lapse).",
  })
  outstanding!: boolean;
  @ApiProperty({ description: 'Outstanding and past `dueAt`.' }) overdue!: boolean;
  @ApiProperty({ description: 'The system recorded that it passed unmet.' }) escalated!: boolean;
}

class ResolutionView {
  @ApiProperty({ enum: RESOLUTION_CODES }) code!: ResolutionCode;
  @ApiProperty() notes!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The CorrectionRecorded or LossReported event it rests on: {eventId, type}.',
  })
  reference!: { eventId: string; type: string } | null;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: DISCREPANCY_RULES }) rule!: DiscrepancyRule;
  @ApiProperty({ description: 'What the finding is about, stable across runs of the rule.' }) subject!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) figures!: Record<string, unknown>;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lotId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) locationId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Starts the legal clocks.' }) discoveredAt!: string;
  @ApiProperty({ format: 'date-time' }) flaggedAt!: string;
  @ApiProperty({ example: '21 CFR 1304.21(a), 1301.76(b)' }) regulation!: string;
  @ApiProperty({ type: [DeadlineView] }) deadlines!: DeadlineView[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The earliest outstanding dueAt.' })
  nextDueAt!: string | null;
  @ApiProperty() acknowledged!: boolean;
  @ApiProperty({ type: ResolutionView, nullable: true }) resolution!: ResolutionView | null;
  @ApiProperty({ type: [String], description: 'Ids of the ledger events the finding rests on.' }) evidence!: string[];
}

class CaseSignatureView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() printedName!: string;
  @ApiProperty({ enum: ['REVIEW', 'APPROVAL', 'RESPONSIBILITY'] }) meaning!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ description: 'SHA-256 of the signed record (stream, type, data, occurredAt, registrant).' })
  payloadHash!: string;
}

export class CaseEventView {
  @ApiProperty() eventId!: string;
  @ApiProperty({
    example: 'DiscrepancyFlagged',
    description:
      'DiscrepancyFlagged, DiscrepancyAcknowledged, DiscrepancyResolved, DeaNoticeSent, Form106Filed, ' +
      'DiscrepancyEscalated.',
  })
  type!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'Recorded more than 24 hours after the act.' }) late!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the system records (flags, escalations) has the actor {"userId": "system", "role": "SYSTEM"}.',
  })
  actor!: { userId: string; printedName: string; role: string };
  @ApiProperty({ type: [CaseSignatureView] }) signatures!: CaseSignatureView[];
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
}

export class CaseDetail extends CaseView {
  @ApiProperty({ type: [CaseEventView], description: "Every event of the case's stream, oldest first." })
  history!: CaseEventView[];
}

export class CasePage {
  @ApiProperty({ type: [CaseView] }) items!: CaseView[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor!: string | null;
}
