import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

const ISSUER = 'custody-ledger';
const AUDIENCE = 'custody-ledger-api';
const ALGORITHM = 'HS256';
const TOKEN_USE = 'access';

/** Access tokens: HS256 only, with issuer, audience, token type and expiry always checked. */
@Injectable()
export class Tokens {
  constructor(
    private readonly jwt: JwtService,
    readonly ttlSeconds: number,
  ) {}

  issue(userId: string): Promise<string> {
    return this.jwt.signAsync(
      { token_use: TOKEN_USE },
      { subject: userId, issuer: ISSUER, audience: AUDIENCE, algorithm: ALGORITHM, expiresIn: this.ttlSeconds },
    );
  }

  /** The user id a valid token names, or null for a missing, malformed, expired or forged one. */
  async verify(token: string): Promise<string | null> {
    try {
      const claims = await this.jwt.verifyAsync<{ sub?: unknown; token_use?: unknown }>(token, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      return claims.token_use === TOKEN_USE && typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
