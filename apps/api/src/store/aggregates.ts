import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@lib/event-store';
import type { DomainEvent } from '@lib/ledger';

export interface Loaded<State> {
  state: State;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  revision: number;
  events: RecordedEvent[];
}

/** Reads a stream and folds it into its current state. */
@Injectable()
export class Aggregates {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<State, Event extends DomainEvent>(
    streamId: string,
    decider: { initialState: () => State; evolve: (state: State, event: Event) => State },
  ): Promise<Loaded<State>> {
    const events = await this.store.readStream(streamId);
    const state = events.reduce((s, e) => decider.evolve(s, e as unknown as Event), decider.initialState());
    return { state, revision: events.at(-1)?.revision ?? -1, events };
  }
}
