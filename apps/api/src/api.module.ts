import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { APP_CONFIG, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, openEventStore, type EventStore } from '@lib/event-store';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { jwtSecret } from './auth/jwt-secret';
import { LoginThrottle } from './auth/login-throttle';
import { PasswordHasher } from './auth/passwords';
import { Tokens } from './auth/tokens';
import { Clock } from './common/clock';
import { CommandExecutor } from './common/command-executor';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { CountsController } from './counts/counts.controller';
import { CountsService } from './counts/counts.service';
import { DiscrepanciesController } from './discrepancies/discrepancies.controller';
import { DiscrepanciesService } from './discrepancies/discrepancies.service';
import { EXPORT_JOBS, exportQueueProvider } from './exports/export-queue';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { EXPORT_SIGNING_KEY, SigningKeysController } from './exports/signing-keys.controller';
import { HealthController } from './health/health.controller';
import { RedisProbe } from './health/redis-probe';
import { CurrentReads } from './reads/current-reads';
import { ReadsController } from './reads/reads.controller';
import { connectRedis, REDIS } from './reads/redis-connection';
import { ReconciliationsController } from './reports/reconciliations.controller';
import { ReconciliationsService } from './reports/reconciliations.service';
import { RegistrantEvents } from './reports/registrant-events';
import type Redis from 'ioredis';
import type { Queue } from 'bullmq';
import { loadSigningKey } from '@lib/exports';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyRecords } from './idempotency/idempotency-records';
import { LotsController } from './lots/lots.controller';
import { LotsService } from './lots/lots.service';
import { RegistrantsController } from './registrants/registrants.controller';
import { RegistrantsService } from './registrants/registrants.service';
import { SigningService } from './signing/signing.service';
import { Aggregates } from './store/aggregates';
import { BootstrapAdmin } from './users/bootstrap-admin';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Closes what the process opened, once requests have stopped. */
class Shutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EXPORT_JOBS) private readonly exportJobs: Queue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.exportJobs.close();
    this.redis.disconnect();
    await this.store.close();
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    const signingKey = createSecretKey(Buffer.from(jwtSecret(config.jwt.secret, config.dataDir)));
    return {
      module: ApiModule,
      imports: [
        JwtModule.register({
          // A key object, not a string: the token library would otherwise re-derive it on every verify.
          secretOrKeyProvider: () => signingKey,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [
        AuthController,
        UsersController,
        RegistrantsController,
        LotsController,
        CountsController,
        ReadsController,
        ReconciliationsController,
        DiscrepanciesController,
        ExportsController,
        SigningKeysController,
        HealthController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config.eventStore) },
        { provide: PasswordHasher, useFactory: () => new PasswordHasher(config.scrypt.cost) },
        {
          provide: Tokens,
          useFactory: (jwt: JwtService) => new Tokens(jwt, config.jwt.ttlSeconds),
          inject: [JwtService],
        },
        { provide: REDIS, useFactory: () => connectRedis(config.redis.url) },
        { provide: RedisProbe, useFactory: (redis: Redis) => new RedisProbe(redis), inject: [REDIS] },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        Shutdown,
        LoginThrottle,
        Clock,
        Aggregates,
        CommandExecutor,
        IdempotencyRecords,
        UsersService,
        RegistrantsService,
        SigningService,
        LotsService,
        CountsService,
        CurrentReads,
        RegistrantEvents,
        ReconciliationsService,
        DiscrepanciesService,
        exportQueueProvider,
        { provide: EXPORT_SIGNING_KEY, useValue: loadSigningKey(config.exports.signingKey) },
        ExportsService,
        BootstrapAdmin,
      ],
    };
  }
}
