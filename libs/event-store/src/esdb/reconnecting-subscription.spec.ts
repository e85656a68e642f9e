import type { RecordedEvent } from '../event-store.port';
import { ReconnectingSubscription, type ReconnectPolicy, type SubscriptionSource } from './reconnecting-subscription';

const lost = new Error('connection lost');
const event = (position: bigint): RecordedEvent => ({
  streamId: 'test-1',
  revision: Number(position),
  position,
  eventId: `event-${position}`,
  type: 'Tested',
  data: {},
  metadata: {},
});

/** A source that confirms (or not), delivers `positions`, then fails with `error` (or ends). */
function source(positions: bigint[], { error, confirm = true }: { error?: Error; confirm?: boolean } = {}) {
  return (connected: () => void): SubscriptionSource => ({
    async *[Symbol.asyncIterator]() {
      if (confirm) connected();
      for (const position of positions) yield event(position);
      if (error) throw error;
    },
    close: async () => undefined,
  });
}

function subscribe(
  sources: ((connected: () => void) => SubscriptionSource)[],
  delays = { initialDelayMs: 1, maxDelayMs: 1 },
) {
  const opened: { after: bigint | undefined; at: number }[] = [];
  const policy: ReconnectPolicy = {
    ...delays,
    open: (after, connected) => {
      opened.push({ after, at: Date.now() });
      return (sources.shift() ?? source([], { error: lost, confirm: false }))(connected);
    },
    isConnectionLoss: (error) => error === lost,
  };
  const subscription = new ReconnectingSubscription(policy, 10n, () => undefined);
  return { subscription, iterator: subscription[Symbol.asyncIterator](), opened };
}

async function take(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<bigint[]> {
  const positions: bigint[] = [];
  while (positions.length < count) positions.push(((await iterator.next()).value as RecordedEvent).position);
  return positions;
}

describe('ReconnectingSubscription', () => {
  it('subscribes again after the last event it delivered, and never delivers one twice', async () => {
    const { subscription, iterator, opened } = subscribe([
      source([11n, 12n], { error: lost }),
      source([12n, 13n]), // a server that repeats the start position, then ends the call
      source([14n]),
    ]);

    expect(await take(iterator, 4)).toEqual([11n, 12n, 13n, 14n]);
    expect(opened.map(({ after }) => after)).toEqual([10n, 12n, 13n]);
    await subscription.stop();
  });

  it('waits twice as long after every failed attempt, up to the maximum, and starts over once connected', async () => {
    const unconfirmed = source([], { error: lost, confirm: false });
    const { subscription, iterator, opened } = subscribe(
      [
        source([11n], { error: lost }),
        unconfirmed,
        unconfirmed,
        unconfirmed,
        unconfirmed,
        source([12n], { error: lost }),
        source([13n]),
      ],
      { initialDelayMs: 20, maxDelayMs: 200 },
    );

    expect(await take(iterator, 3)).toEqual([11n, 12n, 13n]);
    const waits = opened.slice(1).map(({ at }, i) => at - opened[i].at);
    expect(waits.map((ms, i) => ms >= [20, 40, 80, 160, 200, 20][i] - 2)).toEqual(Array(6).fill(true));
    expect({ capped: waits[4] < 300, reset: waits[5] < 150 }).toEqual({ capped: true, reset: true });

    const stopping = subscription.stop();
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    await stopping;
  });

  it('ends with an error that is not a lost connection', async () => {
    const failure = new Error('access denied');
    const { iterator } = subscribe([source([11n], { error: failure })]);

    expect(await take(iterator, 1)).toEqual([11n]);
    await expect(iterator.next()).rejects.toBe(failure);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
