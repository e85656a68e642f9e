import { InMemoryEventStore, verifyStream, type RecordedEvent } from '@lib/event-store';
import { evolveLot, initialLotState, type LotEvent, type LotState } from '@lib/ledger';
import { appendHistory, generateHistory, setupEvents } from './ledger-history';
import { readAllEvents } from './read-model-snapshot';

describe('the ledger history generator', () => {
  const options = { seed: 3, events: 3000, lots: 12, registrants: 2 };
  const history = generateHistory(options);

  it('gives exactly the events asked for, the same ones for the same seed, others for another', () => {
    expect(history.events).toHaveLength(3000);
    expect(generateHistory(options)).toEqual(history);
    expect(generateHistory({ ...options, seed: 4 }).events[40].event).not.toEqual(history.events[40].event);
    expect(history.registrantIds).toHaveLength(2);
    expect(history.lotIds.length).toBeGreaterThanOrEqual(12);
  });

  it('records every kind of custody act', () => {
    const types = new Set(history.events.map(({ event }) => event.type));
    expect([...types].sort()).toEqual(
      [
        'CorrectionRecorded',
        'DoseAdministered',
        'DoseDispensed',
        'DoseReturned',
        'DoseWasted',
        'InventoryTaken',
        'LossReported',
        'LotReceived',
        'PasswordSet',
        'PhysicalCountRecorded',
        'RegistrantRegistered',
        'StockDestroyed',
        'StockTransferred',
        'StorageLocationAdded',
        'UserRegistered',
      ].sort(),
    );
  });

  it('appends as one ledger: every stream hash-chained, no stock ever negative', async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, history.events);
    const recorded = await readAllEvents(store);
    expect(recorded.map((e) => e.eventId)).toEqual(history.events.map(({ event }) => event.eventId));

    const streams = new Map<string, RecordedEvent[]>();
    for (const event of recorded) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    expect([...streams.values()].map(verifyStream).filter((v) => !v.valid)).toEqual([]);

    const lots = new Map<string, LotState>();
    for (const event of recorded.filter((e) => e.streamId.startsWith('lot-'))) {
      const state = evolveLot(lots.get(event.streamId) ?? initialLotState(), event as unknown as LotEvent);
      lots.set(event.streamId, state);
      if (state.status === 'received') expect(Math.min(...Object.values(state.onHand))).toBeGreaterThanOrEqual(0);
    }
    await store.close();
  });

  it('refuses a history too short to set up its registrants', () => {
    expect(() => generateHistory({ seed: 1, events: setupEvents(2) - 1, lots: 1, registrants: 2 })).toThrow(RangeError);
  });
});
