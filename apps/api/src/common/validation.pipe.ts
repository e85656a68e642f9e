import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { LedgerError, type FieldError } from '@lib/ledger';

function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

const hasRules = (type: Function) =>
  getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).length > 0;

const failed = (errors: FieldError[]) => new LedgerError('VALIDATION_FAILED', 'The request is not valid.', errors);

/**
 * Bodies are JSON objects of exactly the declared fields, with exactly the declared types:
 * unknown fields are refused and nothing is coerced ("5" is not a quantity).
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => failed(fieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') return super.transform({ ...(value as object) }, metadata);
    if (metadata.type !== 'body') return value;
    const body = value === undefined ? {} : value;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw failed([{ field: '(body)', message: 'The request body must be a JSON object.' }]);
    }
    if (metadata.metatype && !hasRules(metadata.metatype)) {
      // A request that takes no fields: `{}` and nothing else.
      const unknown = Object.keys(body);
      if (unknown.length > 0)
        throw failed(unknown.map((field) => ({ field, message: `property ${field} should not exist` })));
      return body;
    }
    return super.transform(body, metadata);
  }
}
