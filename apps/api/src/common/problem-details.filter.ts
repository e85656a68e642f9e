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
    const { body, headers, expected } = toProblem(error, String(request.id));
    if (!expected) {
      this.logger.write('error', 'Unhandled error', {
        correlationId: request.id,
        route: request.routeOptions?.url,
        error: error instanceof Error ? error.stack : String(error),
      });
    }
    reply.status(body.status).headers(headers).type(PROBLEM_JSON).send(body);
  }
}
