import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RECONCILIATION_ROLES } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { PeriodQuery, SignReconciliationRequest } from './report.dto';
import { ReconciliationsService } from './reconciliations.service';

const READERS = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'] as const;

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('registrants/:rid')
export class ReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsService) {}

  @Get('reconciliation')
  @Allow(...READERS)
  @ApiOperation({
    summary: 'DEA-style reconciliation of a period, per lot and location, with the cross-checks',
    description: 'Computed from the events themselves (exact even while read models lag). Periods are [from, to).',
  })
  reconciliation(@UuidParam('rid') rid: string, @Query() period: PeriodQuery, @Ctx() context: RequestContext) {
    return this.reconciliations.compute(rid, { from: period.from, to: period.to }, context);
  }

  @Post('reconciliations')
  @HttpCode(201)
  @Allow(...RECONCILIATION_ROLES)
  @ApiOperation({
    summary: 'Sign the reconciliation of a period: its figures and their hash become a ledger event',
    description: 'A period still running: 422 OCCURRED_IN_FUTURE. Wrong password: 422 SIGNATURE_INVALID.',
  })
  sign(@UuidParam('rid') rid: string, @Body() body: SignReconciliationRequest, @Ctx() context: RequestContext) {
    return this.reconciliations.sign(rid, { from: body.from, to: body.to }, body.signature.password, context);
  }

  @Get('reconciliations/:reconciliationId')
  @Allow(...READERS)
  @ApiOperation({
    summary: 'A signed reconciliation: the figures as signed, who signed, and whether the ledger still gives them',
  })
  signed(
    @UuidParam('rid') rid: string,
    @UuidParam('reconciliationId') reconciliationId: string,
    @Ctx() context: RequestContext,
  ) {
    return this.reconciliations.get(rid, reconciliationId, context);
  }
}
