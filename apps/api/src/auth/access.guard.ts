import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { User } from '@lib/ledger';
import { ApiError } from '../common/problem';
import type { LedgerRequest } from '../common/request-context';
import { UsersService } from '../users/users.service';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators';
import { Tokens } from './tokens';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The active user whose valid access token the `Authorization: Bearer` header carries, re-read
 * from their own stream; null for a missing, malformed, expired or forged token, an unknown user
 * or a deactivated one.
 */
export async function bearerUser(
  authorization: string | undefined,
  tokens: Tokens,
  users: UsersService,
): Promise<User | null> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  const userId = token ? await tokens.verify(token) : null;
  const user = userId ? await users.findById(userId) : null;
  return user?.active ? user : null;
}

/**
 * Deny by default: a route without an access policy answers 403. Otherwise the bearer token is
 * verified and the user re-read from their own stream, so deactivation takes effect at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: Tokens,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new ApiError('FORBIDDEN', 'This route has no access policy.');
    if (policy.public) return true;

    const request = context.switchToHttp().getRequest<LedgerRequest>();
    const user = await bearerUser(request.headers.authorization, this.tokens, this.users);
    if (!user) throw new ApiError('UNAUTHENTICATED', 'A valid bearer token is required.');
    if (!policy.roles.some((role) => user.roles.includes(role))) {
      throw new ApiError('FORBIDDEN', `This requires one of the roles ${policy.roles.join(', ')}.`);
    }
    request.user = user;
    return true;
  }
}
