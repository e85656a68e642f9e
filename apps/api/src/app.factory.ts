import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { JsonLogger, type AppConfig } from '@lib/config';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { ApiModule } from './api.module';
import { StrictValidationPipe } from './common/validation.pipe';
import { firstConnection, REDIS } from './reads/redis-connection';
import type { LedgerRequest } from './common/request-context';

export const BODY_LIMIT_BYTES = 64 * 1024;
const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,100}$/;

const correlationIdOf = (request: IncomingMessage): string => {
  const given = request.headers[CORRELATION_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
};

function openApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Custody ledger for Schedule I controlled substances')
      .setDescription(
        'Version 1 of the HTTP contract. Every POST except /auth/login needs an Idempotency-Key header. ' +
          'Errors are application/problem+json with a stable `code`. Lot responses carry ETag: "<revision>"; ' +
          'lot commands accept If-Match.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  for (const [path, operations] of Object.entries(document.paths)) {
    const post = operations.post;
    if (!post || path.endsWith('/auth/login')) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description:
          'Scoped to the user. The same key and body replays the first response (Idempotent-Replayed: true); passwords are not part of the comparison.',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      },
      ...(path.includes('/lots/{lotId}/')
        ? [
            {
              name: 'If-Match',
              in: 'header' as const,
              required: false,
              description: 'The lot revision the command was decided on ("3"); 412 when the lot has moved on.',
              schema: { type: 'string' },
            },
          ]
        : []),
    ];
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Builds the whole API exactly as production runs it; tests use this too. */
export async function createApp(
  config: AppConfig,
  logger = new JsonLogger(config.logLevel),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: correlationIdOf,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, logger), adapter, {
    logger,
  });
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    logger.write('info', 'request', {
      correlationId: request.id,
      method: request.method,
      route: request.routeOptions?.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      userId: (request as LedgerRequest).user?.userId ?? null,
    });
  });
  await mountQueueDashboard(app, config);
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live'] });
  app.useGlobalPipes(new StrictValidationPipe());
  openApi(app);
  await app.init();
  await fastify.ready();
  await firstConnection(app.get(REDIS));
  return app;
}
