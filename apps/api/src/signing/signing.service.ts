import { Injectable } from '@nestjs/common';
import type { Person, SignedContext, User, WitnessCredential } from '@lib/ledger';
import { PasswordHasher } from '../auth/passwords';
import { Clock } from '../common/clock';
import type { Signer } from '../common/command-executor';
import { UsersService } from '../users/users.service';
import type { SignedRequest, WitnessDto } from '../lots/signed.dto';

const personOf = ({ userId, printedName, roles, registrantIds, active }: User): Person => ({
  userId,
  printedName,
  roles,
  registrantIds,
  active,
});

/**
 * Checks the passwords behind a signed command, the actor's and each witness's, against their
 * stored hashes. The deciders then judge who may sign and witness.
 */
@Injectable()
export class SigningService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async context(actor: User, request: SignedRequest & { witnesses?: WitnessDto[] }): Promise<SignedContext> {
    const [passwordVerified, witnesses] = await Promise.all([
      this.passwords.verify(request.signature.password, actor.passwordHash),
      Promise.all((request.witnesses ?? []).map((w) => this.witness(w))),
    ]);
    return {
      now: this.clock.now(),
      occurredAt: new Date(request.occurredAt).toISOString(),
      actor: { ...personOf(actor), passwordVerified },
      witnesses,
    };
  }

  /** The manifestations a decided command carries: the actor's authorship, then each witness. */
  signers(context: SignedContext): Signer[] {
    return [
      { person: context.actor, meaning: 'AUTHORSHIP' },
      ...context.witnesses.flatMap((w) => (w.person ? [{ person: w.person, meaning: 'WITNESS' as const }] : [])),
    ];
  }

  private async witness({ username, password }: WitnessDto): Promise<WitnessCredential> {
    const user = await this.users.findByUsername(username);
    const passwordVerified = await this.passwords.verify(password, user?.passwordHash);
    return { username, person: user ? personOf(user) : null, passwordVerified };
  }
}
