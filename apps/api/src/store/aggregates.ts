import { Inject, Injectable } from '@nestjs/common';
import { aggregateStream, EVENT_STORE, type Aggregate, type EventStore, type Evolver } from '@lib/event-store';

/** Current state of a stream, for reads and for checks made before a command. */
@Injectable()
export class Aggregates {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  load<State, Event>(streamId: string, evolver: Evolver<State, Event>): Promise<Aggregate<State>> {
    return aggregateStream(this.store, streamId, evolver);
  }
}
