import Redis from 'ioredis';
import { loadConfig } from '@lib/config';
import { openEventStore } from '@lib/event-store';
import { rebuildProjections } from './projections-rebuild';
import { verifyExportCommand } from './verify-export';

/**
 * Operator commands: `npm run cli -- <command>`. `projections:rebuild` is configured like the api and
 * the worker (libs/config); `verify-export` is for whoever received an export and needs only its arguments.
 */
const COMMANDS: Record<string, string> = {
  'projections:rebuild': 'rebuild the read models in Redis from the event store, with a progress bar',
  'verify-export': 'verify an export bundle offline: verify-export <folder|zip> --key <public-key.pem>',
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(22)}${what}`);
  return `Usage: npm run cli -- <command>\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Unlike the worker, a command does not wait for Redis: it gives up after a few attempts, saying why. */
async function connectRedis(url: string): Promise<Redis> {
  let failure = '';
  const redis = new Redis(url, { maxRetriesPerRequest: 2, retryStrategy: (attempt) => (attempt > 3 ? null : 500) });
  redis.on('error', (error: Error) => (failure = error.message));
  try {
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const { host, port } = redis.options;
    throw new Error(`Redis at ${host}:${port} is unreachable: ${failure || (error as Error).message}`);
  }
  return redis;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'verify-export') return verifyExportCommand(args, process.stdout, process.stderr);
  if (command !== 'projections:rebuild') {
    process.stderr.write(command ? `Unknown command "${command}".\n\n${usage()}` : usage());
    return 2;
  }
  const config = loadConfig();
  const redis = await connectRedis(config.redis.url);
  const store = openEventStore(config.eventStore);
  try {
    await rebuildProjections({ store, redis, prefix: config.redis.prefix, out: process.stderr });
    return 0;
  } finally {
    redis.disconnect();
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A configuration error names every bad variable; any other says what failed (Redis unreachable, ...).
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
