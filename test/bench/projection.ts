import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { reconcile } from '@lib/compliance';
import { fold, registered, registrantDecider, type LotEvent, type RegistrantEvent } from '@lib/ledger';
import { ProjectionRunner } from '@lib/projections';
import { RegistrantEvents } from '../../apps/api/src/reports/registrant-events';
import { appendHistory, generateHistory } from '../support/ledger-history';
import { RedisServer } from '../support/redis-server';
import { removeDir, tempDir } from './scratch';

/** One registrant, so the same file also times a reconciliation over a registrant with 200,000 events. */
export const PROJECTION_HISTORY = { seed: 2026, events: 200_000, lots: 1000, registrants: 1 };
/** The page size of the store's own catch-up subscription, which the rebuild reads through. */
const PAGE = 1000;

export interface ProjectionRound {
  /** Read + parse + fold: the events read in pages (the store parses their JSON) and folded into a balance map. */
  foldPerSecond: number;
  /** A rebuild of every read model into a fresh prefix: read, evolve, MGET and MULTI/EXEC per batch. */
  rebuildPerSecond: number;
}

export interface ProjectionFigures {
  rounds: ProjectionRound[];
  /** The registrant's events read from the store, then `reconcile` over them, in seconds (median rounds). */
  reconciliation: { readSeconds: number; computeSeconds: number; events: number }[];
  generateSeconds: number;
  appendSeconds: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Units on hand per lot and location: what a reconciliation starts from. */
function foldBalances(events: RecordedEvent[], balances: Map<string, number>): void {
  const add = (event: RecordedEvent, locationId: string, units: number) => {
    const key = `${event.streamId}|${locationId}`;
    balances.set(key, (balances.get(key) ?? 0) + units);
  };
  for (const event of events) {
    const { type, data } = event as unknown as LotEvent;
    switch (type) {
      case 'LotReceived':
        add(event, data.locationId, data.quantity);
        break;
      case 'StockTransferred':
        add(event, data.fromLocationId, -data.quantity);
        add(event, data.toLocationId, data.quantity);
        break;
      case 'DoseDispensed':
      case 'StockDestroyed':
      case 'LossReported':
        add(event, data.locationId, -data.quantity);
        break;
      case 'DoseReturned':
        add(event, data.toLocationId, data.quantity);
        break;
    }
  }
}

async function readAndFold(store: SqliteEventStore): Promise<number> {
  const started = performance.now();
  const balances = new Map<string, number>();
  let count = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    foldBalances(page, balances);
    count += page.length;
    after = page[page.length - 1].position;
  }
  return count / seconds(started);
}

async function rebuild(store: SqliteEventStore, server: RedisServer, prefix: string): Promise<number> {
  const started = performance.now();
  const status = await new ProjectionRunner({ store, redis: server.client(), prefix }).rebuild();
  if (status?.eventsProjected !== PROJECTION_HISTORY.events)
    throw new Error(`rebuild ended at ${JSON.stringify(status)}`);
  return status.eventsProjected / seconds(started);
}

/**
 * What GET /reconciliation does: every custody event of the registrant read from the store in
 * pages by the API's own `RegistrantEvents`, then the pure `reconcile` over the whole history.
 */
async function timeReconciliation(store: SqliteEventStore, registrantId: string) {
  let started = performance.now();
  const events = await new RegistrantEvents(store).of(registrantId);
  const readSeconds = seconds(started);
  const registrantEvents = events.filter((event) => event.streamId.startsWith('registrant-'));
  const registrant = registered(fold(registrantDecider, registrantEvents as unknown as RegistrantEvent[]));
  started = performance.now();
  const reconciliation = reconcile(events, registrant, { from: '2000-01-01', to: '2100-01-01' });
  if (reconciliation.lines.length === 0) throw new Error('the reconciliation found no stock');
  return { readSeconds, computeSeconds: seconds(started), events: events.length };
}

/**
 * G5 (performance.md Part C): 200,000 generated ledger events in a SQLite file; in each round a
 * raw read-and-fold of the file, then a projection rebuild into a fresh prefix on a redis-server of
 * the benchmark's own (emptied between rounds), so the two are measured under the same conditions.
 */
export async function projectionFigures(rounds: number): Promise<ProjectionFigures> {
  const dir = tempDir('projection');
  const server = await RedisServer.start();
  const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
  try {
    let started = performance.now();
    const history = generateHistory(PROJECTION_HISTORY);
    const generateSeconds = seconds(started);
    started = performance.now();
    await appendHistory(store, history.events);
    const appendSeconds = seconds(started);
    const results: ProjectionRound[] = [];
    const reconciliations: ProjectionFigures['reconciliation'] = [];
    for (let round = 0; round < rounds; round++) {
      await server.client().flushall();
      const foldPerSecond = await readAndFold(store);
      results.push({ foldPerSecond, rebuildPerSecond: await rebuild(store, server, `bench${round}`) });
      reconciliations.push(await timeReconciliation(store, history.registrantIds[0]));
    }
    return { rounds: results, reconciliation: reconciliations, generateSeconds, appendSeconds };
  } finally {
    await store.close();
    await server.stop();
    removeDir(dir);
  }
}
