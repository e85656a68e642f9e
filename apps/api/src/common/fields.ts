import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isCalendarDate, isValidDeaNumber } from '@lib/ledger';

/**
 * Composite field decorators: each one validates a field and documents it in OpenAPI, so the two
 * cannot drift apart.
 */

interface Common {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

const presence = (optional?: boolean) => (optional ? IsOptional() : IsDefined());
const doc = (options: Common, schema: ApiPropertyOptions) =>
  ApiProperty({
    required: !options.optional,
    description: options.description,
    example: options.example,
    ...schema,
  } as ApiPropertyOptions);

export function Text(options: Common & { min?: number; max: number; pattern?: RegExp; patternMessage?: string }) {
  return applyDecorators(
    presence(options.optional),
    IsString(),
    MinLength(options.min ?? 1),
    MaxLength(options.max),
    ...(options.pattern ? [Matches(options.pattern, { message: options.patternMessage })] : []),
    doc(options, {
      type: String,
      minLength: options.min ?? 1,
      maxLength: options.max,
      pattern: options.pattern?.source,
    }),
  );
}

export function OneOf(values: readonly string[], options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    IsIn(values as string[], { message: `$property must be one of ${values.join(', ')}` }),
    doc(options, { enum: values as string[] }),
  );
}

export function ListOf(values: readonly string[], options: Common & { min?: number } = {}) {
  return applyDecorators(
    presence(options.optional),
    IsArray(),
    ArrayMinSize(options.min ?? 0),
    ArrayMaxSize(values.length),
    IsIn(values as string[], { each: true, message: `each value in $property must be one of ${values.join(', ')}` }),
    doc(options, { enum: values as string[], isArray: true }),
  );
}

export function Int(options: Common & { min: number; max?: number }) {
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return applyDecorators(
    presence(options.optional),
    IsInt(),
    Min(options.min),
    Max(max),
    doc(options, { type: 'integer', minimum: options.min, maximum: max }),
  );
}

/** A positive whole number of dosage units. */
export const Quantity = (options: Common = {}) =>
  Int({ min: 1, description: 'Whole dosage units (capsules, tablets, vials).', example: 4, ...options });

/** An ISO 8601 instant with an explicit offset (`Z` or `±hh:mm`). */
export function Instant(options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T14:05:00-05:00',
    }),
    ValidateBy({
      name: 'isRealInstant',
      validator: {
        validate: (value) =>
          typeof value === 'string' && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)),
        defaultMessage: () => '$property is not a real date-time',
      },
    }),
    doc(options, { type: String, format: 'date-time', example: options.example ?? '2026-03-02T14:05:00-05:00' }),
  );
}

export function CalendarDate(options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (value) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => '$property must be a date (YYYY-MM-DD)',
      },
    }),
    doc(options, { type: String, format: 'date', example: options.example ?? '2027-06-30' }),
  );
}

export function DeaNumber(options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    ValidateBy({
      name: 'isDeaNumber',
      validator: {
        validate: (value) => typeof value === 'string' && isValidDeaNumber(value),
        defaultMessage: () => '$property must be two letters and seven digits with a valid DEA check digit',
      },
    }),
    doc(options, { type: String, pattern: '^[A-Z]{2}[0-9]{7}$', example: options.example ?? 'RS1234563' }),
  );
}

/** Milligrams greater than 0 with at most three decimals, so they convert exactly to micrograms. */
export function Milligrams(options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }),
    Min(0.001),
    Max(1_000_000),
    doc(options, { type: Number, minimum: 0.001, example: 20 }),
  );
}

export function Uuid(options: Common = {}) {
  return applyDecorators(presence(options.optional), IsUUID(), doc(options, { type: String, format: 'uuid' }));
}

export function UuidList(options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    IsArray(),
    ArrayMaxSize(100),
    IsUUID(undefined, { each: true }),
    doc(options, { type: String, format: 'uuid', isArray: true }),
  );
}

/** A nested JSON object validated as `type` (declared above its first use). */
export function Nested(type: new () => object, options: Common = {}) {
  return applyDecorators(
    presence(options.optional),
    IsObject(),
    ValidateNested(),
    Type(() => type),
    doc(options, { type }),
  );
}

export function NestedList(type: new () => object, options: Common & { min?: number; max: number }) {
  return applyDecorators(
    presence(options.optional),
    IsArray(),
    ArrayMinSize(options.min ?? 0),
    ArrayMaxSize(options.max),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => type),
    doc(options, { type, isArray: true }),
  );
}
