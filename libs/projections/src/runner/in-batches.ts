export interface Batch<T> {
  events: T[];
  /**
   * Nothing more was ready when the batch closed. The source may have caught up, or may merely be
   * slow (a network between): ask it which before relying on it.
   */
  idle: boolean;
}

const TURN_ENDED = Symbol('turn ended');
const endOfTurn = () => new Promise<typeof TURN_ENDED>((resolve) => setImmediate(resolve, TURN_ENDED));

/**
 * Groups what an async source delivers into batches of up to `maxSize`: a batch closes when full,
 * or when the current turn of the event loop ends with nothing more ready; then it is idle, and
 * is yielded even if empty, so that a consumer learns when a source holds nothing new. After an
 * idle batch the source is awaited without racing the turn, so an idle source costs nothing.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<Batch<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const pull = () => {
    const next = iterator.next();
    // Awaited later (raced or awaited); this only keeps a failure meanwhile from counting as unhandled.
    next.catch(() => undefined);
    return next;
  };
  let next = pull();
  let afterIdle = false;
  for (;;) {
    const events: T[] = [];
    if (afterIdle) {
      const result = await next;
      if (result.done) return;
      events.push(result.value);
      next = pull();
    }
    const turnEnded = endOfTurn();
    let idle = false;
    while (events.length < maxSize && !idle) {
      const result = await Promise.race([next, turnEnded]);
      if (result === TURN_ENDED) idle = true;
      else if (result.done) {
        if (events.length > 0) yield { events, idle: true };
        return;
      } else {
        events.push(result.value);
        next = pull();
      }
    }
    yield { events, idle };
    afterIdle = idle;
  }
}
