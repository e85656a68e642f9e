import type { onRequestHookHandler } from 'fastify';
import type { JsonLogger } from '@lib/config';
import { bearerUser } from '../auth/access.guard';
import type { Tokens } from '../auth/tokens';
import { ApiError } from '../common/problem';
import { replyWithProblem } from '../common/problem-details.filter';
import type { LedgerRequest } from '../common/request-context';
import type { UsersService } from '../users/users.service';

/**
 * The access guard for routes Nest does not serve (a Fastify plugin's): every request must carry
 * the bearer token of an active ADMIN, checked as AccessGuard checks it. Otherwise 401 or 403 as
 * problem+json, before any route of the plugin runs.
 */
export function adminGate(tokens: Tokens, users: UsersService, logger: JsonLogger): onRequestHookHandler {
  return async (request, reply) => {
    try {
      const user = await bearerUser(request.headers.authorization, tokens, users);
      if (!user) throw new ApiError('UNAUTHENTICATED', 'A valid bearer token is required.');
      if (!user.roles.includes('ADMIN')) throw new ApiError('FORBIDDEN', 'This requires one of the roles ADMIN.');
      (request as LedgerRequest).user = user;
    } catch (error) {
      return replyWithProblem(error, request, reply, logger);
    }
  };
}
