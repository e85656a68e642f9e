import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASE_ROLES } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { AcknowledgementRequest, CasesQuery, DeaNoticeRequest, Form106Request, ResolutionRequest } from './case.dto';
import type { CaseDetail, CasePage } from './case.responses';
import { DiscrepanciesService } from './discrepancies.service';

const READERS = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'] as const;
const SIGNED =
  'Signed with the re-entered password (422 SIGNATURE_INVALID). Answers 201 with the case and its history; ' +
  'an unknown case, or one of another registrant, is 404.';
const instant = (iso: string) => new Date(iso).toISOString();

@ApiTags('discrepancies')
@ApiBearerAuth()
@Controller('registrants/:rid/discrepancies')
export class DiscrepanciesController {
  constructor(private readonly cases: DiscrepanciesService) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({
    summary: "The registrant's discrepancy cases, most urgent first, in pages",
    description:
      'Read from the events themselves. Order: overdue cases first, then the earliest outstanding deadline ' +
      '(cases owing nothing last), then severity (CRITICAL first), then when flagged, then caseId. ' +
      'status=open lists every case not closed, overdue ones included; status=overdue the open cases with a ' +
      'deadline past and unmet; status=resolved the closed ones (resolved, and nothing owed to DEA: a resolved ' +
      'theft or loss stays open until its DEA notice and Form 106 are recorded).',
  })
  list(@UuidParam('rid') rid: string, @Query() query: CasesQuery, @Ctx() context: RequestContext): Promise<CasePage> {
    return this.cases.list(rid, context.user, { ...query, limit: query.limit ?? 50 });
  }

  @Get(':caseId')
  @Allow(...READERS)
  @ApiOperation({ summary: 'A case: its deadlines and status, and every event of it with its signatures' })
  detail(
    @UuidParam('rid') rid: string,
    @UuidParam('caseId') caseId: string,
    @Ctx() context: RequestContext,
  ): Promise<CaseDetail> {
    return this.cases.get({ registrantId: rid, caseId }, context.user);
  }

  @Post(':caseId/acknowledgement')
  @HttpCode(201)
  @Allow(...CASE_ROLES.AcknowledgeDiscrepancy)
  @ApiOperation({
    summary: 'Acknowledge a case: someone is looking into it',
    description: `Once (409 DUPLICATE); not after its resolution (409 CASE_RESOLVED). ${SIGNED}`,
  })
  acknowledge(
    @UuidParam('rid') rid: string,
    @UuidParam('caseId') caseId: string,
    @Body() body: AcknowledgementRequest,
    @Ctx() context: RequestContext,
  ): Promise<CaseDetail> {
    return this.cases.act(
      { registrantId: rid, caseId },
      {
        type: 'AcknowledgeDiscrepancy',
        data: { caseId, note: body.note ?? null },
        password: body.signature.password,
      },
      context,
    );
  }

  @Post(':caseId/resolution')
  @HttpCode(201)
  @Allow(...CASE_ROLES.ResolveDiscrepancy)
  @ApiOperation({
    summary: 'Resolve a case, with a code and what the investigation found',
    description:
      'By a compliance officer who took no part in the transactions in question (422 RESOLVER_INVOLVED). ' +
      "DOCUMENTATION_ERROR names the CorrectionRecorded event of the case's lot, CONVERTED_TO_LOSS its " +
      'LossReported event (400 when missing or not such an event). Once (409 CASE_RESOLVED). Resolving a count ' +
      `variance ends its DEA deadlines; a theft or loss still owes its notice and Form 106. ${SIGNED}`,
  })
  async resolve(
    @UuidParam('rid') rid: string,
    @UuidParam('caseId') caseId: string,
    @Body() body: ResolutionRequest,
    @Ctx() context: RequestContext,
  ): Promise<CaseDetail> {
    const target = { registrantId: rid, caseId };
    const reference = await this.cases.reference(target, body.referenceEventId ?? undefined, context.user);
    return this.cases.act(
      target,
      {
        type: 'ResolveDiscrepancy',
        data: { caseId, code: body.code, notes: body.notes, reference },
        password: body.signature.password,
      },
      context,
    );
  }

  @Post(':caseId/dea-notice')
  @HttpCode(201)
  @Allow(...CASE_ROLES.RecordDeaNotice)
  @ApiOperation({
    summary: 'Record the written notice sent to the DEA Field Division Office (21 CFR 1301.76(b))',
    description:
      'Only for a case with a DEA_NOTICE deadline (409 NOT_REPORTABLE); once (409 DUPLICATE). sentAt not before ' +
      `the discovery (400) nor in the future (422 OCCURRED_IN_FUTURE). ${SIGNED}`,
  })
  deaNotice(
    @UuidParam('rid') rid: string,
    @UuidParam('caseId') caseId: string,
    @Body() body: DeaNoticeRequest,
    @Ctx() context: RequestContext,
  ): Promise<CaseDetail> {
    const sentAt = instant(body.sentAt);
    return this.cases.act(
      { registrantId: rid, caseId },
      {
        type: 'RecordDeaNotice',
        data: { caseId, sentAt, office: body.office, method: body.method },
        password: body.signature.password,
        occurredAt: sentAt,
      },
      context,
    );
  }

  @Post(':caseId/form-106')
  @HttpCode(201)
  @Allow(...CASE_ROLES.RecordForm106)
  @ApiOperation({
    summary: 'Record DEA Form 106 filed in the Theft/Loss Reporting system, with its confirmation number',
    description:
      'Only for a case with a FORM_106 deadline (409 NOT_REPORTABLE); once (409 DUPLICATE). filedAt not before ' +
      `the discovery (400) nor in the future (422 OCCURRED_IN_FUTURE). ${SIGNED}`,
  })
  form106(
    @UuidParam('rid') rid: string,
    @UuidParam('caseId') caseId: string,
    @Body() body: Form106Request,
    @Ctx() context: RequestContext,
  ): Promise<CaseDetail> {
    const filedAt = instant(body.filedAt);
    return this.cases.act(
      { registrantId: rid, caseId },
      {
        type: 'RecordForm106',
        data: { caseId, confirmationNumber: body.confirmationNumber, filedAt },
        password: body.signature.password,
        occurredAt: filedAt,
      },
      context,
    );
  }
}
