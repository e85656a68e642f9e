import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, JsonLogger, loadConfig } from '@lib/config';
import { refuseEvictingRedis, StartupRefusal } from './redis-policy';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  await refuseEvictingRedis(config.redis.url);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger });
  app.enableShutdownHooks();
  logger.write('info', 'Worker started', { dataDir: config.dataDir });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof StartupRefusal ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
