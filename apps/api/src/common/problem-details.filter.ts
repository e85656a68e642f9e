import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReplayedRefusal, REPLAYED_HEADER } from '../idempotency/idempotency.interceptor';
import { JsonLogger } from '@lib/config';
import { toProblem } from './to-problem';

export const PROBLEM_JSON = 'application/problem+json';

/** The one place errors become responses: `application/problem+json`, never internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof ReplayedRefusal) {
      const { status, bodyJson, headers } = error.response;
      reply
        .status(status)
        .headers({ ...headers, [REPLAYED_HEADER]: 'true' })
        .type(PROBLEM_JSON)
        .send(bodyJson);
      return;
    }
    replyWithProblem(error, request, reply, this.logger);
  }
}

/** Answers with the problem `error` maps to; a failure the client did not cause is logged with its stack. */
export function replyWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: JsonLogger) {
  const { body, headers, expected } = toProblem(error, String(request.id));
  if (!expected) {
    logger.write('error', 'Unhandled error', {
      correlationId: request.id,
      route: request.routeOptions?.url,
      error: error instanceof Error ? error.stack : String(error),
    });
  }
  return reply.status(body.status).headers(headers).type(PROBLEM_JSON).send(body);
}
