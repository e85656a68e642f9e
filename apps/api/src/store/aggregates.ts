import { Inject, Injectable } from '@nestjs/common';
import { aggregateStream, EVENT_STORE, type Aggregate, type EventStore, type Evolver } from '@lib/event-store';

/** Current state of a stream, for reads and for checks made before a command. */
@Injectable()
export class Aggregates {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  load<State, Event>(streamId: string, evolver: Evolver<State, Event>): Promise<Aggregate<State>> {
    return aggregateStream(this.store, streamId, evolver);
  }

  /** The id and type of the stream's event with this id; null when the stream holds none. */
  async find(streamId: string, eventId: string): Promise<{ eventId: string; type: string } | null> {
    const id = eventId.toLowerCase();
    const found = (await this.store.readStream(streamId)).find((event) => event.eventId.toLowerCase() === id);
    return found ? { eventId: found.eventId, type: found.type } : null;
  }
}
