import 'reflect-metadata';
import { ConfigError, JsonLogger, loadConfig } from '@lib/config';
import { createApp } from './app.factory';
import { RedisProbe } from './health/redis-probe';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const app = await createApp(config, logger);
  app.enableShutdownHooks();
  await app.listen({ port: config.http.port, host: config.http.host });

  const redis = await app.get(RedisProbe).check();
  if (redis.status === 'down') {
    logger.write('warn', 'Redis does not answer; the ledger records without it, jobs and read models wait for it', {
      redisUrl: config.redis.url.replace(/\/\/[^@]*@/, '//***@'),
    });
  } else if (redis.maxmemoryPolicy !== 'noeviction') {
    logger.write('warn', `Redis maxmemory-policy is "${redis.maxmemoryPolicy}"; queues need "noeviction"`);
  }
  const url = `http://${config.http.host}:${config.http.port}`;
  logger.write('info', 'Ledger API listening', { url, docs: `${url}/docs`, dataDir: config.dataDir });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
