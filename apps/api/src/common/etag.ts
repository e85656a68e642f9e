import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '@lib/ledger';

/** `If-Match: "<revision>"` (weak or strong, quoted or not) → expected revision; `*` or absent → none. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw invalid('If-Match', 'If-Match must be a revision ETag such as "3".');
  return Number(match[1]);
});

export const setEtag = (reply: FastifyReply, revision: number): void => {
  reply.header('ETag', `"${revision}"`);
};
