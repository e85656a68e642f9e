import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { FakeEventStoreDB } from './fake-event-store-db';

/** What the adapter's tests rely on the fake for, seen through the bare client. */
describe('FakeEventStoreDB', () => {
  const fake = new FakeEventStoreDB();
  let client: EventStoreDBClient;
  beforeAll(async () => {
    client = EventStoreDBClient.connectionString(await fake.start());
  });
  afterAll(async () => {
    await client.dispose();
    await fake.stop();
  });

  it('begins $all with system events, and gives sparse positions, never 0, shared commit positions within an append', async () => {
    const events = [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })];
    await client.appendToStream('test-1', events, { expectedRevision: 'no_stream' });

    const all = [];
    for await (const { event } of client.readAll({ maxCount: 100 })) all.push(event!);

    expect(all.map((event) => event.streamId)).toEqual([
      expect.stringMatching(/^\$/),
      expect.stringMatching(/^\$/),
      expect.stringMatching(/^\$/),
      'test-1',
      'test-1',
    ]);
    const [first, second] = all.slice(3).map((event) => event.position);
    expect(first.commit).toBeGreaterThan(all[2].position.prepare + 1n);
    expect(second).toEqual({ commit: first.commit, prepare: expect.any(BigInt) });
    expect(second.prepare).toBeGreaterThan(first.prepare + 1n);
  });
});
