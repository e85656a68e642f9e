import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { deterministicId } from '@lib/event-store';
import { LedgerError, type LedgerErrorCode } from '@lib/ledger';
import { ACCESS_POLICY, type AccessPolicy } from '../auth/access.decorators';
import { ApiError } from '../common/problem';
import type { LedgerRequest, RequestContext } from '../common/request-context';
import { toProblem } from '../common/to-problem';
import { IdempotencyRecords, type IdempotentResponse } from './idempotency-records';
import { requestFingerprint } from './request-fingerprint';

const KEY = /^[\x20-\x7e]{1,200}$/;

/**
 * Refusals that are the ledger's answer to the request itself, so a repeat gets the same answer.
 * Authentication failures (wrong signature or witness password) are not: nothing was decided.
 */
const RECORDED_REFUSALS: ReadonlySet<LedgerErrorCode> = new Set([
  'INSUFFICIENT_STOCK',
  'EXCEEDS_OUTSTANDING',
  'DISPENSATION_CLOSED',
  'LOT_EXPIRED',
  'REGISTRATION_EXPIRED',
  'SCHEDULE_NOT_REGISTERED',
  'LOCATION_NOT_APPROVED',
  'DUPLICATE',
  'ORDER_REQUIRED',
  'OCCURRED_IN_FUTURE',
]);

/** Thrown to answer a repeated request with the refusal it first received. */
export class ReplayedRefusal extends Error {
  constructor(readonly response: IdempotentResponse) {
    super('replayed refusal');
  }
}

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Every authenticated POST carries an `Idempotency-Key` (scoped to the user). The first response
 * is recorded; the same key with the same request gets it again, with `Idempotent-Replayed: true`;
 * with a different request, 422 IDEMPOTENCY_KEY_REUSED.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly records: IdempotencyRecords,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<LedgerRequest>();
    const policy = this.reflector.get<AccessPolicy | undefined>(ACCESS_POLICY, context.getHandler());
    if (request.method !== 'POST' || !policy || policy.public || !request.user) return next.handle();

    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'An Idempotency-Key header (1–200 printable ASCII characters) is required.',
      );
    }
    const keyId = deterministicId('idempotency', request.user.userId, key);
    const requestHash = requestFingerprint(request.method, request.url.split('?')[0], request.body);
    request.idempotency = { keyId, requestHash };
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const earlier = await this.records.find(keyId);
    if (earlier) {
      if (earlier.requestHash !== requestHash) {
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
      }
      if (earlier.status >= 400) throw new ReplayedRefusal(earlier);
      reply.headers({ ...earlier.headers, [REPLAYED_HEADER]: 'true' });
      return of(JSON.parse(earlier.bodyJson) as unknown);
    }

    const ctx: RequestContext = {
      correlationId: String(request.id),
      user: request.user,
      idempotency: request.idempotency,
    };
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return next.handle().pipe(
      mergeMap(async (body) => {
        const etag = reply.getHeader('etag');
        const headers: Record<string, string> = etag ? { ETag: String(etag) } : {};
        await this.records.save(keyId, { requestHash, status, bodyJson: JSON.stringify(body), headers }, ctx);
        return body;
      }),
      catchError((error: unknown) => {
        if (!(error instanceof LedgerError && RECORDED_REFUSALS.has(error.code))) return throwError(() => error);
        const { body, headers } = toProblem(error, ctx.correlationId);
        const record = { requestHash, status: body.status, bodyJson: JSON.stringify(body), headers };
        return from(this.records.save(keyId, record, ctx)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
