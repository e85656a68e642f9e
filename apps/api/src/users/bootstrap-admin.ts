import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, JsonLogger, type AppConfig } from '@lib/config';
import { userDecider, userStream, type Person } from '@lib/ledger';
import { PasswordHasher } from '../auth/passwords';
import { Clock } from '../common/clock';
import { CommandExecutor } from '../common/command-executor';
import { Aggregates } from '../store/aggregates';
import { userIdFor } from './users.service';

/** The system itself, acting as administrator once: to create the first administrator. */
const SYSTEM: Person = { userId: 'system', printedName: 'System', roles: ['ADMIN'], registrantIds: [], active: true };

/**
 * On first start (the administrator's stream does not exist yet) create the administrator from
 * LEDGER_ADMIN_USERNAME / LEDGER_ADMIN_PASSWORD, generating and printing the password once if unset.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly aggregates: Aggregates,
    private readonly executor: CommandExecutor,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { username } = this.config.admin;
    const userId = userIdFor(username);
    if ((await this.aggregates.load(userStream(userId), userDecider)).state.status !== 'none') return;
    const password = this.config.admin.password ?? randomBytes(18).toString('base64url');
    const passwordHash = await this.passwords.hash(password);
    const now = this.clock.now();
    const { events, replayed } = await this.executor.execute({
      streamId: userStream(userId),
      decider: userDecider,
      decide: (state) =>
        state.status === 'none'
          ? userDecider.decide(
              {
                type: 'RegisterUser',
                data: {
                  userId,
                  username,
                  printedName: 'Ledger Administrator',
                  roles: ['ADMIN'],
                  registrantIds: [],
                  passwordHash,
                },
                actor: SYSTEM,
                knownRegistrantIds: [],
              },
              state,
            )
          : [],
      registrantId: null,
      actor: null,
      signers: [],
      occurredAt: now,
      now,
      request: { correlationId: 'bootstrap' },
    });
    if (events.length === 0 || replayed) return;
    this.logger.write('info', 'Created the first administrator', { username });
    if (!this.config.admin.password) {
      process.stdout.write(
        `\n  First start: administrator "${username}" created with the generated password:\n\n      ${password}\n\n` +
          '  It is shown only this once. Set LEDGER_ADMIN_PASSWORD to choose it yourself on a new data directory.\n\n',
      );
    }
  }
}
