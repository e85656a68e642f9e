import {
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type ParamDecoratorEnhancer,
} from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { invalid, LedgerError } from '@lib/ledger';

/** The lot a command targets: from the path, plus the revision it was decided on (`If-Match`). */
export interface LotTarget {
  registrantId: string;
  lotId: string;
  expectedRevision?: number;
}

/** `If-Match: "<revision>"` (weak or strong, quoted or not) → expected revision; `*` or absent → none. */
function expectedRevision(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw invalid('If-Match', 'If-Match must be a revision ETag such as "3".');
  return Number(match[1]);
}

/** Declares, in OpenAPI, the path parameters a custom parameter decorator reads. */
const documentPathParameters =
  (...names: string[]): ParamDecoratorEnhancer =>
  (target, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(target, key as string) as PropertyDescriptor;
    for (const name of names) ApiParam({ name, format: 'uuid' })(target, key as string, descriptor);
  };

export const Lot = createParamDecorator(
  (_: unknown, context: ExecutionContext): LotTarget => {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { rid: string; lotId: string } }>>();
    const { rid, lotId } = request.params;
    if (!isUUID(rid) || !isUUID(lotId)) throw new LedgerError('NOT_FOUND', 'Not found.');
    return {
      registrantId: rid.toLowerCase(),
      lotId: lotId.toLowerCase(),
      expectedRevision: expectedRevision(request.headers['if-match']),
    };
  },
  [documentPathParameters('rid', 'lotId')],
);

/** Every lot response carries `ETag: "<revision>"`. */
@Injectable()
export class LotEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: { revision: number }) => {
        reply.header('ETag', `"${body.revision}"`);
        return body;
      }),
    );
  }
}
