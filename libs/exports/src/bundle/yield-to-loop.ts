import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop run between pages of a long export: the store's reads resolve at once, so
 * without this a worker would run a whole bundle in one turn, and BullMQ could not renew the
 * job's lock (the job would be taken for stalled and run again elsewhere).
 */
export const yieldToLoop = (): Promise<void> => setImmediate();
