/** The BullMQ queues the worker runs and the API's dashboard shows. */
export const DISCREPANCY_QUEUE = 'discrepancies';
export const ALERT_QUEUE = 'alerts';
