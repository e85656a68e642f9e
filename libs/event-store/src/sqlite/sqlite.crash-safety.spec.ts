import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { verifyStream } from '../envelope';
import type { RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from './sqlite.event-store';
import type { Acknowledgement } from './testing/append-until-killed';
import { tempDatabase } from './testing/temp-database';

const ROOT = resolve(__dirname, '../../../..');
const REGISTER_TS = join(ROOT, 'test/support/register-ts.js');
const WRITER = join(__dirname, 'testing/append-until-killed.ts');
const STREAMS = 16;

/**
 * Runs the writer until it has acknowledged `killAfter` appends, kills it with SIGKILL, and
 * returns every append it acknowledged (complete lines only: a line cut by the kill was never
 * acknowledged).
 */
function acknowledgedBeforeKill(file: string, killAfter: number): Promise<Acknowledgement[]> {
  return new Promise((resolvePromise, reject) => {
    const writer = spawn(process.execPath, ['-r', REGISTER_TS, WRITER, file, String(STREAMS)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    let acknowledged = 0;
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      acknowledged += chunk.split('\n').length - 1;
      if (acknowledged >= killAfter) writer.kill('SIGKILL');
    });
    writer.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const deadline = setTimeout(() => {
      writer.kill('SIGKILL');
      reject(new Error(`the writer acknowledged only ${acknowledged} appends in 20 s:\n${errors}`));
    }, 20_000);
    writer.on('error', reject);
    writer.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer stopped by itself (code ${code}) after ${acknowledged} appends:\n${errors}`));
        return;
      }
      const lines = output.split('\n').slice(0, -1);
      resolvePromise(lines.map((line) => JSON.parse(line) as Acknowledgement));
    });
  });
}

describe('SqliteEventStore after the writing process is killed', () => {
  let temp: ReturnType<typeof tempDatabase>;

  beforeEach(() => {
    temp = tempDatabase();
  });
  afterEach(() => temp.remove());

  it('still holds every acknowledged append, in hash chains that verify', async () => {
    const acknowledged = await acknowledgedBeforeKill(temp.file, 300 + randomInt(700));

    const store = SqliteEventStore.open(temp.file);
    const streams = new Map<string, RecordedEvent[]>();
    try {
      for (const event of await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER })) {
        const stream = streams.get(event.streamId) ?? [];
        stream.push(event);
        streams.set(event.streamId, stream);
      }
    } finally {
      await store.close();
    }

    expect(streams.size).toBe(STREAMS);
    for (const { streamId, revision, eventId } of acknowledged) {
      expect(streams.get(streamId)?.[revision]?.eventId).toBe(eventId);
    }
    for (const [streamId, events] of streams) {
      expect({ streamId, ...verifyStream(events) }).toEqual({ streamId, valid: true, events: events.length });
    }
  });
});
