import { fold, type Decider, type DomainEvent } from '../shared/decider';
import { LedgerError, type LedgerErrorCode } from '../shared/ledger-error';

/**
 * Given/when/then for a decider, after Emmett's DeciderSpecification:
 *
 *   spec(lotDecider).given(lotReceived()).when(dispenseDose({ quantity: 6 })).thenThrows('INSUFFICIENT_STOCK');
 *
 * Pure: the given events are folded with the decider's own `evolve`, the command is decided on that
 * state, and every outcome also checks that deciding left the given history untouched (append-only).
 */
export interface Then<Event, State> {
  /** The decision is exactly these new events. Returns the state folded over given + new events. */
  then(expected: Event[]): State;
  /** The command is refused with a `LedgerError` of this code (and, if given, a matching message). */
  thenThrows(code: LedgerErrorCode, message?: string | RegExp): LedgerError;
}

export interface When<Command, Event, State> {
  when(command: Command): Then<Event, State>;
}

export function spec<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(...history: (Event | readonly Event[])[]): When<Command, Event, State> {
      const events = history.flat() as Event[];
      return {
        when(command: Command): Then<Event, State> {
          const before = structuredClone(events);
          const decide = (): Event[] => decider.decide(command, fold(decider, events));
          const untouched = () => expect(events).toEqual(before);
          return {
            then(expected) {
              const decided = decide();
              expect(decided).toEqual(expected);
              untouched();
              return fold(decider, [...events, ...decided]);
            },
            thenThrows(code, message) {
              let decided: Event[] | undefined;
              let error: unknown;
              try {
                decided = decide();
              } catch (thrown) {
                error = thrown;
              }
              if (decided) throw new Error(`Expected ${code}, but the command decided ${JSON.stringify(decided)}`);
              expect(error).toBeInstanceOf(LedgerError);
              const refusal = error as LedgerError;
              expect({ code: refusal.code, message: refusal.message }).toEqual({
                code,
                message:
                  message === undefined
                    ? expect.any(String)
                    : typeof message === 'string'
                      ? expect.stringContaining(message)
                      : expect.stringMatching(message),
              });
              untouched();
              return refusal;
            },
          };
        },
      };
    },
  };
}
