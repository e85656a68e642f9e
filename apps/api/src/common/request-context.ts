import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { User } from '@lib/ledger';

/** What the HTTP layer learns about a request before a command runs. */
export interface RequestContext {
  correlationId: string;
  /** The authenticated user, loaded from their stream on every request. */
  user: User;
  /** Set for every POST that carries an `Idempotency-Key`. */
  idempotency?: { keyId: string; requestHash: string };
}

export type LedgerRequest = FastifyRequest & { user?: User; idempotency?: RequestContext['idempotency'] };

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<LedgerRequest>();
  if (!request.user) throw new Error('Ctx used on a route without an authenticated user');
  return { correlationId: String(request.id), user: request.user, idempotency: request.idempotency };
});
