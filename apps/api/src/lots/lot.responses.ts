import { ApiProperty } from '@nestjs/swagger';
import type { LotTotals, LotView } from '@lib/ledger';

class OnHandLine {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty() units!: number;
}

class OpenDispensation {
  @ApiProperty({ format: 'uuid' }) dispensationId!: string;
  @ApiProperty() participantId!: string;
  @ApiProperty() protocolId!: string;
  @ApiProperty() session!: number;
  @ApiProperty({ enum: ['INITIAL', 'SUPPLEMENTAL'] }) doseType!: 'INITIAL' | 'SUPPLEMENTAL';
  @ApiProperty() dispensed!: number;
  @ApiProperty() administered!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() wasted!: number;
  @ApiProperty() outstanding!: number;
}

class Totals implements LotTotals {
  @ApiProperty() received!: number;
  @ApiProperty() dispensed!: number;
  @ApiProperty() administered!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() wasted!: number;
  @ApiProperty() destroyed!: number;
  @ApiProperty() lost!: number;
  @ApiProperty({ description: 'Net units corrections put on (+) or took off (−) the book.' }) corrected!: number;
}

export class LotViewResponse implements LotView {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ format: 'uuid' }) registrantId!: string;
  @ApiProperty() lotNumber!: string;
  @ApiProperty({ format: 'date' }) expiresOn!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) product!: LotView['product'];
  @ApiProperty({ type: 'object', additionalProperties: true }) supplier!: LotView['supplier'];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) order!: LotView['order'];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) invoiceDate!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: [OnHandLine] }) onHand!: OnHandLine[];
  @ApiProperty() totalOnHand!: number;
  @ApiProperty({ type: [OpenDispensation] }) openDispensations!: OpenDispensation[];
  @ApiProperty({
    type: Totals,
    description: 'Invariant: received − destroyed − lost − (dispensed − returned) + corrected = totalOnHand.',
  })
  totals!: Totals;
}

export class LotCommandResponse {
  @ApiProperty({ type: [String] }) eventIds!: string[];
  @ApiProperty({ description: "The lot's revision after this command; also the ETag." }) revision!: number;
  @ApiProperty({ type: LotViewResponse }) lot!: LotViewResponse;
  @ApiProperty({ required: false, format: 'uuid', description: 'Only for a dispensation.' }) dispensationId?: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'Only for a correction.' }) correctionId?: string;
}

class SignatureView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() printedName!: string;
  @ApiProperty({ enum: ['AUTHORSHIP', 'WITNESS', 'APPROVAL', 'REVIEW', 'VERIFICATION', 'RESPONSIBILITY'] })
  meaning!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ description: 'SHA-256 of the signed record (stream, type, data, occurredAt, registrant).' })
  payloadHash!: string;
}

export class LotEventView {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'Recorded more than 24 hours after the act.' }) late!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) actor!: {
    userId: string;
    printedName: string;
    role: string;
  };
  @ApiProperty({ type: [SignatureView] }) signatures!: SignatureView[];
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
}

class InvalidEvent {
  @ApiProperty() revision!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty() reason!: string;
}

export class VerificationResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'Number of events checked.' }) events!: number;
  @ApiProperty({ required: false, type: InvalidEvent, description: 'The first event that fails verification.' })
  firstInvalid?: InvalidEvent;
}
