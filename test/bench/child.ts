/** What a benchmark server tells the load generator once it listens. */
export interface Target {
  port: number;
  /** Requests go to these paths in turn. */
  paths: string[];
  headers: Record<string, string>;
  /** The same JSON body for every request; each request gets its own Idempotency-Key. */
  body: string;
}

/**
 * Runs a benchmark server in this child process: sends `start()`'s target to the parent, and
 * exits when the parent goes away, so that no server outlives a benchmark run.
 */
export function serve(start: () => Promise<Target>): void {
  process.on('disconnect', () => process.exit(0));
  start().then(
    (target) => process.send!(target),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A valid dispense request (apps/api/src/lots/lot-command.dto.ts, `DispenseRequest`). */
export function dispenseBody(locationId: string, password: string): string {
  return JSON.stringify({
    locationId,
    quantity: 1,
    participantId: 'P-001',
    protocolId: 'MAPP-2',
    session: 1,
    doseType: 'INITIAL',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    signature: { password },
  });
}
