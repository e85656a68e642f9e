import { BullModule } from '@nestjs/bullmq';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  ALERT_QUEUE,
  APP_CONFIG,
  bullPrefix,
  DISCREPANCY_QUEUE,
  EXPORT_QUEUE,
  JsonLogger,
  redisOptions,
  type AppConfig,
} from '@lib/config';
import { EVENT_STORE, openEventStore, type EventStore } from '@lib/event-store';
import { AlertsProcessor } from './alerts/alerts.processor';
import { CaseAlerts } from './discrepancies/case-alerts';
import { DiscrepancyChecks } from './discrepancies/discrepancy-checks';
import { discrepancyProcessor } from './discrepancies/discrepancy.processor';
import { DiscrepancyWorker } from './discrepancies/discrepancy-worker';
import { exportProcessor } from './exports/export.processor';
import { ExportSchedules } from './exports/export-schedules';
import { IntegrityMonitor } from './integrity/integrity-monitor';
import { ProjectionWorker } from './projections/projection-worker';

class CloseStore implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

/** The worker process: everything that follows the ledger rather than answering requests. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({
          // Workers wait for Redis rather than fail (BullMQ requires it of their connections).
          connection: {
            ...redisOptions(config.redis.url),
            maxRetriesPerRequest: null,
            retryStrategy: (attempt: number) => Math.min(attempt * 1000, 20_000),
          },
          prefix: bullPrefix(config.redis.prefix),
        }),
        BullModule.registerQueue({ name: DISCREPANCY_QUEUE }, { name: ALERT_QUEUE }, { name: EXPORT_QUEUE }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config.eventStore) },
        CloseStore,
        IntegrityMonitor,
        ProjectionWorker,
        {
          provide: DiscrepancyChecks,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            new DiscrepancyChecks(store, { openDispensationHours: config.discrepancies.openDispensationHours }, () =>
              new Date().toISOString(),
            ),
        },
        CaseAlerts,
        AlertsProcessor,
        discrepancyProcessor(config),
        DiscrepancyWorker,
        exportProcessor(config),
        ExportSchedules,
      ],
    };
  }
}
