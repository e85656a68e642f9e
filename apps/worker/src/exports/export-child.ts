import { openEventStore } from '@lib/event-store';
import { generateExport, loadSigningKey } from '@lib/exports';
import type { ExportOutcome, ExportTask } from './export-process';

/**
 * The export process (see export-process.ts): takes one task over IPC, generates the bundle on its
 * own connection to the store, answers the outcome and exits. A worker that goes away takes it
 * along: the job is run again (generateExport picks up what is already there).
 */
process.once('disconnect', () => process.exit(1));
process.once('message', async (task: ExportTask) => {
  const store = openEventStore(task.eventStore);
  let outcome: ExportOutcome;
  try {
    const key = loadSigningKey(task.signingKey);
    outcome = { ok: true, generated: await generateExport(store, { exportDir: task.exportDir, key }, task.request) };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await store.close();
  }
  process.removeAllListeners('disconnect');
  process.send!(outcome, () => process.disconnect());
});
