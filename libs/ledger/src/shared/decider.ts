/** A fact, named in the past tense. Event types are frozen forever once recorded. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/**
 * The shape every consistency boundary follows: fold the stream's events with `evolve` from
 * `initialState`, then `decide` what a command adds. `decide` is pure: time, ids, the actor and
 * anything fetched elsewhere arrive inside the command. It throws a `LedgerError` to refuse.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export const fold = <Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());
