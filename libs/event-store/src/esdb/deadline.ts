import { StoreUnavailableError } from '../errors';

/**
 * Settles as `work` does, unless `ms` pass first: then it rejects with `StoreUnavailableError` and
 * calls `abandon` so the work can let go of its call. The client's own deadline does not cover every
 * call (6.2.1 runs reads and the BatchAppend stream without one), so this timer is what makes sure
 * no call can hang.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number, what: string, abandon?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandon?.();
      reject(new StoreUnavailableError(`EventStoreDB did not answer ${what} within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
