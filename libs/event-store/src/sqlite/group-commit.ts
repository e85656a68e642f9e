export type Outcome<R> = { value: R } | { error: unknown };

interface Queued<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the items submitted during one turn of the event loop and hands them to `commit` as
 * one batch, so that concurrent writers share one durable commit. `commit` returns an outcome per
 * item, in order, or throws to fail the whole batch.
 */
export class GroupCommit<T, R> {
  private queue: Queued<T, R>[] = [];
  private scheduled?: NodeJS.Immediate;

  constructor(private readonly commit: (items: T[]) => Outcome<R>[]) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now rather than at the end of the turn. */
  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome<R>[];
    try {
      outcomes = this.commit(batch.map(({ item }) => item));
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index];
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    });
  }
}
