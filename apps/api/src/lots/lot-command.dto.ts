import { NotEquals, ValidateBy } from 'class-validator';
import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  DOSAGE_FORMS,
  DOSE_TYPES,
  LOSS_KINDS,
  ORDER_FORMS,
  PARTICIPANT_ID_PATTERN,
  RETURN_INTEGRITY,
  SCHEDULES,
  WASTAGE_REASONS,
  type DosageForm,
  type DoseType,
  type LossKind,
  type OrderForm,
  type ReturnIntegrity,
  type Schedule,
  type WastageReason,
} from '@lib/ledger';
import {
  CalendarDate,
  DeaNumber,
  Instant,
  Int,
  Milligrams,
  Nested,
  NestedList,
  OneOf,
  Quantity,
  Text,
  Uuid,
} from '../common/fields';
import { AddressDto } from '../registrants/registrant.dto';
import { SignedRequest, WitnessedRequest } from './signed.dto';

export class ProductDto {
  @Text({ max: 200, example: 'MDMA HCl' }) substanceName!: string;
  @Text({ min: 4, max: 4, pattern: /^\d{4}$/, patternMessage: 'deaDrugCode must be 4 digits', example: '7405' })
  deaDrugCode!: string;
  @OneOf(SCHEDULES) schedule!: Schedule;
  @OneOf(DOSAGE_FORMS) form!: DosageForm;
  @Milligrams({ description: 'Strength per dosage unit in mg, at most 3 decimals.' }) strengthMg!: number;
  @Int({ min: 1, optional: true, example: 10 }) unitsPerContainer?: number;
}

const isSupplierAddress = (value: unknown): boolean => {
  if (typeof value === 'string') return value.length >= 1 && value.length <= 500;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  const fields = ['street', 'city', 'state', 'postalCode'];
  return (
    entries.length === fields.length &&
    entries.every(([k, v]) => fields.includes(k) && typeof v === 'string' && v.length >= 1 && v.length <= 200)
  );
};

export class SupplierDto {
  @Text({ max: 200, example: 'Sponsor Pharma Distribution' }) name!: string;
  @DeaNumber({ example: 'PM7654329' }) deaNumber!: string;
  @ValidateBy({
    name: 'isSupplierAddress',
    validator: {
      validate: (value) => value === undefined || isSupplierAddress(value),
      defaultMessage: () => '$property must be a line of text or {street, city, state, postalCode}',
    },
  })
  @ApiProperty({ required: false, oneOf: [{ type: 'string' }, { $ref: getSchemaPath(AddressDto) }] })
  address?: string | AddressDto;
}

export class OrderDto {
  @OneOf(ORDER_FORMS) form!: OrderForm;
  @Text({ max: 32, example: '231234567', description: 'DEA Form 222 serial number or CSOS order number.' })
  number!: string;
}

export class ReceiveLotRequest extends SignedRequest {
  @Nested(ProductDto) product!: ProductDto;
  @Text({ max: 64, example: 'MDM-24A-017' }) lotNumber!: string;
  @CalendarDate() expiresOn!: string;
  @Quantity({ example: 100 }) quantity!: number;
  @Uuid() locationId!: string;
  @Nested(SupplierDto) supplier!: SupplierDto;
  @Nested(OrderDto, { optional: true, description: 'Required for schedules I and II (422 ORDER_REQUIRED).' })
  order?: OrderDto;
  @CalendarDate({ optional: true, description: "The supplier's invoice date, kept apart from occurredAt." })
  invoiceDate?: string;
}

export class TransferRequest extends WitnessedRequest {
  @Uuid() fromLocationId!: string;
  @Uuid() toLocationId!: string;
  @Quantity() quantity!: number;
  @Text({ max: 500, optional: true }) reason?: string;
}

export class DispenseRequest extends SignedRequest {
  @Uuid() locationId!: string;
  @Quantity() quantity!: number;
  @Text({
    max: 64,
    pattern: PARTICIPANT_ID_PATTERN,
    patternMessage: 'participantId must be 1–64 of A-Z a-z 0-9 - _',
    example: 'P-001',
  })
  participantId!: string;
  @Text({ max: 64, example: 'MAPP-2' }) protocolId!: string;
  @Int({ min: 1, max: 20, example: 1 }) session!: number;
  @OneOf(DOSE_TYPES) doseType!: DoseType;
}

export class AdministerRequest extends SignedRequest {
  @Quantity() quantity!: number;
}

export class ReturnRequest extends WitnessedRequest {
  @Quantity() quantity!: number;
  @Uuid() toLocationId!: string;
  @OneOf(RETURN_INTEGRITY) integrity!: ReturnIntegrity;
}

export class WastageRequest extends WitnessedRequest {
  @Quantity() quantity!: number;
  @OneOf(WASTAGE_REASONS) reason!: WastageReason;
  @Text({ max: 500, example: 'Capsule recovered and sealed in waste container' }) method!: string;
}

export class DestructionRequest extends WitnessedRequest {
  @Uuid() locationId!: string;
  @Quantity() quantity!: number;
  @Text({ max: 500, example: 'Chemical digestion (Rx Destroyer), non-retrievable' }) method!: string;
}

export class LossRequest extends SignedRequest {
  @Uuid() locationId!: string;
  @Quantity() quantity!: number;
  @OneOf(LOSS_KINDS) kind!: LossKind;
  @Instant({ description: 'When the loss was discovered; starts the DEA clocks.' }) discoveredAt!: string;
  @Text({ max: 2000 }) description!: string;
}

export class AdjustmentDto {
  @Uuid() locationId!: string;
  @Int({
    min: -Number.MAX_SAFE_INTEGER,
    description: "Whole dosage units, not 0: negative takes them off this location's book, positive puts them on.",
    example: 1,
  })
  @NotEquals(0, { message: 'units must not be 0' })
  units!: number;
}

/** A documentation error is corrected, never edited: the original stays in the lot's history. */
export class CorrectionRequest extends WitnessedRequest {
  @Uuid({ description: "The id of the event of this lot's history that the correction corrects." })
  correctsEventId!: string;
  @Text({ max: 2000, example: 'Dose prepared as 3 capsules, entered as 4; the fourth is still in the vault.' })
  reason!: string;
  @NestedList(AdjustmentDto, {
    min: 1,
    max: 50,
    description: 'The quantities the correction reverses or adds, one line per location.',
  })
  adjustments!: AdjustmentDto[];
}
