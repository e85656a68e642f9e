import { HttpException } from '@nestjs/common';
import { ConcurrencyRetriesExhaustedError, RevisionMismatchError, StoreUnavailableError } from '@lib/event-store';
import { LedgerError } from '@lib/ledger';
import { ApiError, problem, type Problem } from './problem';

export interface ProblemResponse {
  body: Problem;
  headers: Record<string, string>;
  /** False for failures the client did not cause (they are logged with their stack). */
  expected: boolean;
}

const STORE_RETRY_AFTER_SECONDS = '2';

/** Maps any error to the problem a client sees. Internals never leave the server. */
export function toProblem(error: unknown, correlationId: string): ProblemResponse {
  const answer = (body: Problem, headers: Record<string, string> = {}): ProblemResponse => ({
    body,
    headers,
    expected: true,
  });
  if (error instanceof LedgerError) return answer(problem(error.code, error.message, correlationId, error.errors));
  if (error instanceof ApiError)
    return answer(problem(error.code, error.message, correlationId, error.errors), error.headers);
  if (error instanceof RevisionMismatchError) {
    return answer(
      problem('PRECONDITION_FAILED', `The lot is at revision ${error.actual}, not ${error.expected}.`, correlationId),
    );
  }
  if (error instanceof ConcurrencyRetriesExhaustedError) {
    return answer(problem('CONFLICT', 'Concurrent changes kept winning; retry the request.', correlationId));
  }
  if (error instanceof StoreUnavailableError) {
    return answer(
      problem(
        'STORE_UNAVAILABLE',
        'The ledger store is unavailable; nothing was recorded. Retry later.',
        correlationId,
      ),
      { 'Retry-After': STORE_RETRY_AFTER_SECONDS },
    );
  }
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown })?.statusCode;
  if (status === 404) return answer(problem('NOT_FOUND', 'Not found.', correlationId));
  if (status === 405) return answer(problem('NOT_FOUND', 'No such operation on this resource.', correlationId));
  if (status === 413) return answer(problem('PAYLOAD_TOO_LARGE', 'The request body exceeds 64 KiB.', correlationId));
  if (status === 400 || status === 415) {
    const message = 'The request body must be a JSON object.';
    return answer(problem('VALIDATION_FAILED', message, correlationId, [{ field: '(body)', message }]));
  }
  return {
    body: problem('INTERNAL_ERROR', 'An unexpected error occurred.', correlationId),
    headers: {},
    expected: false,
  };
}
