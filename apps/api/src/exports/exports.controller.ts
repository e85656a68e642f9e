import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { Allow } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { RequestExportRequest } from './export.dto';
import { ExportsService } from './exports.service';

const READERS = ['COMPLIANCE_OFFICER', 'REGULATOR'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

function download(reply: FastifyReply, path: string, name: string): StreamableFile {
  reply.header('content-type', CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
  reply.header('content-disposition', `attachment; filename="${name}"`);
  return new StreamableFile(createReadStream(path));
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('registrants/:rid/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @Allow('COMPLIANCE_OFFICER')
  @ApiAcceptedResponse({ description: '{exportId, status: "PENDING", from, to}: queued for the worker.' })
  @ApiOkResponse({ description: '{exportId, status: "GENERATED", from, to, export}: the period is already exported.' })
  @ApiOperation({
    summary: 'Ask for the signed export bundle of a period; the worker generates it',
    description:
      'One bundle per registrant and period: asking again answers the same exportId. 202 with status PENDING ' +
      'while it is generated, 200 with status GENERATED once it exists. A period still running: 422 ' +
      'OCCURRED_IN_FUTURE. Redis unreachable: 503 QUEUE_UNAVAILABLE.',
  })
  async request(
    @UuidParam('rid') rid: string,
    @Body() body: RequestExportRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const requested = await this.exports.request(rid, { from: body.from, to: body.to }, context.user);
    if (requested.status === 'GENERATED') reply.status(200);
    return requested;
  }

  @Get()
  @Allow(...READERS)
  @ApiOperation({ summary: 'The export bundles generated for this registrant, newest period first' })
  list(@UuidParam('rid') rid: string, @Ctx() context: RequestContext) {
    return this.exports.list(rid, context.user);
  }

  @Get(':exportId')
  @Allow(...READERS)
  @ApiOperation({ summary: "A bundle's signed manifest: period, event counts, stream heads, file hashes" })
  manifest(@UuidParam('rid') rid: string, @UuidParam('exportId') exportId: string, @Ctx() context: RequestContext) {
    return this.exports.manifest(rid, exportId, context.user);
  }

  @Get(':exportId/bundle.zip')
  @Allow(...READERS)
  @ApiProduces('application/zip')
  @ApiOperation({ summary: 'The whole bundle as one zip, to verify offline with `verify-export`' })
  async zip(
    @UuidParam('rid') rid: string,
    @UuidParam('exportId') exportId: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return download(reply, await this.exports.zip(rid, exportId, context.user), `export-${exportId}.zip`);
  }

  @Get(':exportId/files/:name')
  @Allow(...READERS)
  @ApiOperation({ summary: 'One file of a bundle, by the name its manifest lists' })
  async file(
    @UuidParam('rid') rid: string,
    @UuidParam('exportId') exportId: string,
    @Param('name') name: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return download(reply, await this.exports.file(rid, exportId, name, context.user), name);
  }
}
