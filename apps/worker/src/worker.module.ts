import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, openEventStore, type EventStore } from '@lib/event-store';
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
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config.eventStore) },
        CloseStore,
        IntegrityMonitor,
        ProjectionWorker,
      ],
    };
  }
}
