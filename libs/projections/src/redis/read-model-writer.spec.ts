import type Redis from 'ioredis';
import { expectedReadModels, storedReadModels } from '../../../../test/support/read-model-snapshot';
import { RedisServer } from '../../../../test/support/redis-server';
import { documentKeys, type DispensationRecord, type LotSummary } from '../model/documents';
import { evolveBatch } from '../model/evolve';
import {
  administered,
  dispensedDose,
  History,
  INVESTIGATOR,
  LOT_ID,
  received,
  REGISTRANT_ID,
  transferred,
} from '../testing/lot-history';
import { ReadModelKeys } from './read-model-keys';
import { ReadModelWriter } from './read-model-writer';
import { ReadModels } from './read-models';

const PREFIX = 'site1';
const events = new History()
  .lot(received(100))
  .lot(transferred(30))
  .lot(dispensedDose('d1', 4))
  .lot(administered('d1', 4), { actor: INVESTIGATOR }).events;
const projected = evolveBatch(new Map(), events);

describe('the read models in Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  let writer: ReadModelWriter;
  let readModels: ReadModels;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    redis = server.client();
    await redis.flushall();
    writer = new ReadModelWriter(redis, new ReadModelKeys(PREFIX));
    readModels = new ReadModels(redis, PREFIX);
  });

  const everything = async () =>
    Object.fromEntries(await Promise.all((await redis.keys('*')).map(async (k) => [k, await redis.get(k)])));

  it('holds nothing, not even a checkpoint, before the first batch', async () => {
    expect(await readModels.checkpoint()).toBeNull();
    expect(await readModels.status()).toBeNull();
    expect(await readModels.lotsOf(REGISTRANT_ID)).toEqual([]);
    expect(await readModels.lot(LOT_ID)).toBeNull();
    expect(await readModels.participantDispensations(REGISTRANT_ID, 'P-001')).toEqual([]);
  });

  const statusAt = (position: number) => ({
    phase: 'rebuilding' as const,
    position: String(position),
    eventsProjected: position,
    updatedAt: '2026-03-02T14:00:00.000Z',
  });
  const apply = async (from: number, to: number, after: bigint | null) =>
    (await writer.apply(events.slice(from, to), after, statusAt(to))) && writer.settled();

  it('writes each batch with its checkpoint and status, under <prefix>:rm:, and answers the queries of the API', async () => {
    expect(await apply(0, 2, null)).toBe(true);
    expect(await readModels.checkpoint()).toBe(2n);
    expect(await apply(2, 4, 2n)).toBe(true);

    expect(await readModels.checkpoint()).toBe(4n);
    expect(await readModels.status()).toEqual(statusAt(4));
    const lot = projected.get(documentKeys.lot(LOT_ID)) as LotSummary;
    expect(await readModels.lotsOf(REGISTRANT_ID)).toEqual([lot]);
    expect(await readModels.lot(LOT_ID)).toEqual(lot);
    expect(await readModels.participantDispensations(REGISTRANT_ID, 'P-001')).toEqual([
      projected.get(documentKeys.dispensation('d1')) as DispensationRecord,
    ]);
    expect((await redis.keys('*')).sort()).toEqual(
      ['checkpoint', 'runner:status', ...projected.keys()].map((key) => `${PREFIX}:rm:${key}`).sort(),
    );
  });

  it('writes nothing when the checkpoint is not where the batch expects it', async () => {
    await apply(0, 2, null);
    const before = await everything();
    expect(await apply(2, 4, null)).toBe(false);
    expect(await apply(2, 4, 1n)).toBe(false);
    expect(await everything()).toEqual(before);
  });

  it('writes nothing when Redis is flushed between reading the documents and writing them', async () => {
    await apply(0, 2, null);
    const flusher = server.client();
    const mget = redis.mget.bind(redis) as (...keys: string[]) => Promise<(string | null)[]>;
    jest.spyOn(redis, 'mget').mockImplementationOnce(async (...keys: unknown[]) => {
      const values = await mget(...(keys as string[]));
      await flusher.flushall();
      return values;
    });
    expect(await apply(2, 4, 2n)).toBe(false);
    expect(await redis.dbsize()).toBe(0);

    // A rebuild that follows is not held back by the batch that was not written.
    expect(await apply(0, 4, null)).toBe(true);
    expect(await storedReadModels(redis, PREFIX)).toEqual(expectedReadModels(events));
  });

  it('reads back only the documents it did not just write, and none of those once another writer moved on', async () => {
    const read = jest.spyOn(redis, 'mget');
    await apply(0, 1, null);
    await apply(1, 2, 1n);
    expect(read.mock.calls[1]).not.toContain(`${PREFIX}:rm:${documentKeys.lot(LOT_ID)}`);

    const other = new ReadModelWriter(server.client(), new ReadModelKeys(PREFIX));
    await other.apply(events.slice(2, 3), 2n, statusAt(3));
    expect(await other.settled()).toBe(true);
    await apply(3, 4, 3n);
    expect(await readModels.lot(LOT_ID)).toEqual(projected.get(documentKeys.lot(LOT_ID)));
  });

  it('clears the checkpoint and every document, but not the runner’s keys or another prefix’s', async () => {
    const keys = new ReadModelKeys(PREFIX);
    await apply(0, 4, null);
    await redis.set(keys.lease, 'holder');
    const other = new ReadModelWriter(redis, new ReadModelKeys('site2'));
    await other.apply(events, null, statusAt(4));
    await other.settled();
    await writer.clear();
    expect(await readModels.checkpoint()).toBeNull();
    expect(await readModels.lot(LOT_ID)).toBeNull();
    expect(await readModels.status()).toMatchObject({ position: '4' });
    expect(await redis.get(keys.lease)).toBe('holder');
    expect(await new ReadModels(redis, 'site2').lot(LOT_ID)).not.toBeNull();
  });
});
