/** Stable codes a client may rely on (api-contract.md, section 0). */
export type LedgerErrorCode =
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'EXCEEDS_OUTSTANDING'
  | 'DISPENSATION_CLOSED'
  | 'LOT_EXPIRED'
  | 'REGISTRATION_EXPIRED'
  | 'SCHEDULE_NOT_REGISTERED'
  | 'LOCATION_NOT_APPROVED'
  | 'DUPLICATE'
  | 'SIGNATURE_INVALID'
  | 'WITNESS_INVALID'
  | 'ORDER_REQUIRED'
  | 'OCCURRED_IN_FUTURE'
  | 'CASE_RESOLVED'
  | 'RESOLVER_INVOLVED'
  | 'NOT_REPORTABLE';

export interface FieldError {
  field: string;
  message: string;
}

/** A refused command. The domain never knows HTTP; the API maps `code` to a status. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

export const invalid = (field: string, message: string): LedgerError =>
  new LedgerError('VALIDATION_FAILED', message, [{ field, message }]);
