import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonLogger } from '@lib/config';
import {
  signInDecider,
  signInFailure,
  signInStream,
  USERNAME_PATTERN,
  type SignInFailureReason,
  type User,
} from '@lib/ledger';
import { Clock } from '../common/clock';
import { CommandExecutor } from '../common/command-executor';
import { ApiError } from '../common/problem';
import type { LedgerRequest } from '../common/request-context';
import { PasswordHasher } from './passwords';
import { LoginThrottle } from './login-throttle';
import { Tokens } from './tokens';
import { UsersService } from '../users/users.service';
import { toUserView } from '../users/user.view';
import { Public } from './access.decorators';
import { LoginRequest, LoginResponse } from './login.dto';

const invalidCredentials = () =>
  new ApiError('INVALID_CREDENTIALS', 'Wrong username or password, or the account is inactive.');

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: Tokens,
    private readonly throttle: LoginThrottle,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Every attempt on an existing account is recorded in the ledger, in the user's `signin-<userId>`
   * stream (21 CFR 11.300(d)): `SignedIn`, or `SignInFailed` (WRONG_PASSWORD | INACTIVE) and, for the
   * failure that reaches the throttle's limit, `SignInLockedOut`. The answers are those of the
   * contract either way: 200, 401 INVALID_CREDENTIALS, 429 RATE_LIMITED.
   *
   * Not recorded, by design: attempts with a username no account has (one event each would let
   * anyone grow the store without bound; they are throttled like any other username and logged as
   * a structured warning instead), and attempts refused with 429 during a lockout (not checked at
   * all; the lockout itself is recorded with its end).
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a username and password for an access token',
    description:
      'Wrong or inactive: 401 INVALID_CREDENTIALS. After 5 failures for one username within 15 minutes: 429 RATE_LIMITED with Retry-After. ' +
      'Every attempt on an existing account is recorded in the audit trail (sign-in, failure, lockout).',
  })
  async login(@Body() body: LoginRequest, @Req() request: LedgerRequest): Promise<LoginResponse> {
    const at = this.clock.now();
    const now = Date.parse(at);
    const wait = this.throttle.retryAfterSeconds(body.username, now);
    if (wait > 0) {
      throw new ApiError('RATE_LIMITED', 'Too many failed logins for this username; try again later.', {
        'Retry-After': String(wait),
      });
    }
    const correlationId = String(request.id);
    const user = await this.users.findByUsername(body.username);
    const valid = await this.passwords.verify(body.password, user?.passwordHash);
    if (!user) {
      const lockedOutUntil = this.throttle.recordFailure(body.username, now);
      this.logger.write('warn', 'Sign-in attempt for an unknown username (not recorded in the ledger)', {
        // A string that can never be a username may be a password typed in the wrong field: not logged.
        username: USERNAME_PATTERN.test(body.username) ? body.username : null,
        correlationId,
        lockedOutUntil: lockedOutUntil === null ? null : new Date(lockedOutUntil).toISOString(),
      });
      throw invalidCredentials();
    }
    const failure = signInFailure(user, valid);
    const lockedOutUntil = failure === null ? null : this.throttle.recordFailure(body.username, now);
    await this.record(user, valid, at, lockedOutUntil, failure, correlationId);
    if (failure !== null) throw invalidCredentials();
    // Only once the sign-in is recorded: a login the ledger could not record gives no token.
    this.throttle.recordSuccess(body.username);
    return {
      accessToken: await this.tokens.issue(user.userId),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
      user: toUserView(user),
    };
  }

  /**
   * Appends the attempt through the one command path. Its event ids are fixed once per attempt by
   * the executor, so a re-decided or retried append cannot record it twice, while another attempt
   * (even one carrying the same client-chosen correlation id) is always recorded as its own fact.
   * The actor of a sign-in is the user; a failure has none, since whoever tried did not prove who
   * they are (the account is named in the data).
   */
  private async record(
    user: User,
    passwordVerified: boolean,
    at: string,
    lockedOutUntil: number | null,
    failure: SignInFailureReason | null,
    correlationId: string,
  ): Promise<void> {
    const { userId, username, active } = user;
    await this.executor.execute({
      streamId: signInStream(userId),
      decider: signInDecider,
      decide: (state) =>
        signInDecider.decide(
          {
            type: 'RecordSignInAttempt',
            account: { userId, username, active },
            passwordVerified,
            at,
            lockedOutUntil: lockedOutUntil === null ? null : new Date(lockedOutUntil).toISOString(),
          },
          state,
        ),
      registrantId: null,
      actor: failure === null ? { userId, printedName: user.printedName, role: user.roles[0] } : null,
      signers: [],
      occurredAt: at,
      now: at,
      request: { correlationId },
    });
  }
}
