import type { FieldError, LedgerErrorCode } from '@lib/ledger';

/** Every error code a client can receive, with its status (api-contract.md, section 0). */
const STATUS = {
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INSUFFICIENT_STOCK: 409,
  EXCEEDS_OUTSTANDING: 409,
  DISPENSATION_CLOSED: 409,
  LOT_EXPIRED: 409,
  REGISTRATION_EXPIRED: 409,
  SCHEDULE_NOT_REGISTERED: 409,
  LOCATION_NOT_APPROVED: 409,
  DUPLICATE: 409,
  CASE_RESOLVED: 409,
  NOT_REPORTABLE: 409,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  SIGNATURE_INVALID: 422,
  WITNESS_INVALID: 422,
  ORDER_REQUIRED: 422,
  OCCURRED_IN_FUTURE: 422,
  RESOLVER_INVOLVED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
} satisfies Record<LedgerErrorCode | string, number>;

export type ProblemCode = keyof typeof STATUS;

export const statusOf = (code: ProblemCode): number => STATUS[code];

const title = (code: ProblemCode) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

/** An `application/problem+json` body (RFC 9457) with the ledger's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  errors?: FieldError[];
  correlationId: string;
}

export function problem(code: ProblemCode, detail: string, correlationId: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:custody-ledger:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: title(code),
    status: statusOf(code),
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    correlationId,
  };
}

/** An error raised by the HTTP layer itself (authentication, idempotency, limits). */
export class ApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
