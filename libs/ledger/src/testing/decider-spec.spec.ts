import type { Decider } from '../shared/decider';
import { LedgerError } from '../shared/ledger-error';
import { spec } from './decider-spec';

// A counter that may not go below zero: enough to show the helper passes and fails when it should.
type Event = { type: 'Added' | 'Taken'; data: { n: number } };
type Command = { type: 'Take'; n: number } | { type: 'Crash' } | { type: 'Tamper' };
const counter: Decider<Command, Event, number> = {
  initialState: () => 0,
  evolve: (total, event) => (event.type === 'Added' ? total + event.data.n : total - event.data.n),
  decide: (command, total) => {
    if (command.type === 'Crash') throw new Error('not a ledger error');
    if (command.type === 'Tamper') return [];
    if (command.n > total) throw new LedgerError('INSUFFICIENT_STOCK', `Only ${total} left.`);
    return [{ type: 'Taken', data: { n: command.n } }];
  },
};
const added = (n: number): Event => ({ type: 'Added', data: { n } });

describe('when the counter holds 4', () => {
  const given = spec(counter).given(added(1), [added(3)]);

  it('then() passes on the exact events and returns the state after them', () => {
    expect(given.when({ type: 'Take', n: 3 }).then([{ type: 'Taken', data: { n: 3 } }])).toBe(1);
  });

  it('then() fails on other events', () => {
    expect(() => given.when({ type: 'Take', n: 3 }).then([{ type: 'Taken', data: { n: 2 } }])).toThrow();
  });

  it('thenThrows() passes on the code and message, and returns the refusal', () => {
    const refusal = given.when({ type: 'Take', n: 6 }).thenThrows('INSUFFICIENT_STOCK', 'Only 4 left.');
    expect(refusal).toBeInstanceOf(LedgerError);
    given.when({ type: 'Take', n: 6 }).thenThrows('INSUFFICIENT_STOCK', /^Only \d left\.$/);
  });

  it('thenThrows() fails on another code, another message, a decision, or an error that is no LedgerError', () => {
    expect(() => given.when({ type: 'Take', n: 6 }).thenThrows('LOT_EXPIRED')).toThrow();
    expect(() => given.when({ type: 'Take', n: 6 }).thenThrows('INSUFFICIENT_STOCK', 'Only 5 left.')).toThrow();
    expect(() => given.when({ type: 'Take', n: 1 }).thenThrows('INSUFFICIENT_STOCK')).toThrow(/decided/);
    expect(() => given.when({ type: 'Crash' }).thenThrows('INSUFFICIENT_STOCK')).toThrow();
  });

  it('fails when deciding altered the given history', () => {
    const history = [added(4)];
    const tampering: Decider<Command, Event, number> = {
      ...counter,
      decide: () => {
        history[0].data.n = 40;
        return [];
      },
    };
    expect(() => spec(tampering).given(history).when({ type: 'Tamper' }).then([])).toThrow();
  });
});
