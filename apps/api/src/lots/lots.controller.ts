import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LOT_COMMAND_RULES } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { Lot, LotEtagInterceptor, type LotTarget } from './lot-target';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import {
  AdministerRequest,
  CorrectionRequest,
  DestructionRequest,
  DispenseRequest,
  LossRequest,
  ReceiveLotRequest,
  ReturnRequest,
  TransferRequest,
  WastageRequest,
} from './lot-command.dto';
import { LotCommandResponse, LotEventView, LotViewResponse, VerificationResponse } from './lot.responses';
import { commandData, LotsService } from './lots.service';

const READERS = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'] as const;
const ERRORS = 'Refusals use the codes of the contract table; under If-Match, 412 PRECONDITION_FAILED.';

@ApiTags('lots')
@ApiBearerAuth()
@Controller('registrants/:rid/lots')
export class LotsController {
  constructor(private readonly lots: LotsService) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.ReceiveLot.roles)
  @ApiOperation({ summary: 'Receive a lot against a DEA Form 222 or CSOS order', description: ERRORS })
  receive(
    @UuidParam('rid') rid: string,
    @Body() body: ReceiveLotRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    const lotId = this.lots.newLotId(rid, context);
    const { product, supplier, order, invoiceDate, ...lot } = commandData(body);
    const { strengthMg, unitsPerContainer, ...productData } = product;
    return this.lots.execute(
      'ReceiveLot',
      { registrantId: rid, lotId },
      body,
      {
        ...lot,
        lotId,
        product: {
          ...productData,
          strengthUg: Math.round(strengthMg * 1000),
          unitsPerContainer: unitsPerContainer ?? null,
        },
        supplier: { name: supplier.name, deaNumber: supplier.deaNumber, address: supplier.address ?? null },
        order: order ? { form: order.form, number: order.number } : null,
        invoiceDate: invoiceDate ?? null,
      },
      context,
    );
  }

  @Post(':lotId/transfers')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.TransferStock.roles)
  @ApiOperation({ summary: 'Move stock between storage locations (the receiver witnesses)', description: ERRORS })
  transfer(
    @Lot() lot: LotTarget,
    @Body() body: TransferRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    const { reason, ...data } = commandData(body);
    return this.lots.execute('TransferStock', lot, body, { ...data, reason: reason ?? null }, context);
  }

  @Post(':lotId/dispensations')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.DispenseDose.roles)
  @ApiOperation({ summary: "Dispense for a participant's dose", description: ERRORS })
  async dispense(
    @Lot() lot: LotTarget,
    @Body() body: DispenseRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    const dispensationId = this.lots.newDispensationId(lot.lotId, context);
    const result = await this.lots.execute(
      'DispenseDose',
      lot,
      body,
      { ...commandData(body), dispensationId },
      context,
    );
    return { ...result, dispensationId };
  }

  @Post(':lotId/dispensations/:dispensationId/administrations')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.AdministerDose.roles)
  @ApiOperation({ summary: 'Record administration of dispensed units', description: ERRORS })
  administer(
    @Lot() lot: LotTarget,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: AdministerRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    return this.lots.execute('AdministerDose', lot, body, { ...commandData(body), dispensationId }, context);
  }

  @Post(':lotId/dispensations/:dispensationId/returns')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.ReturnDose.roles)
  @ApiOperation({ summary: 'Return unused dispensed units to stock (witnessed)', description: ERRORS })
  returnDose(
    @Lot() lot: LotTarget,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: ReturnRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    return this.lots.execute('ReturnDose', lot, body, { ...commandData(body), dispensationId }, context);
  }

  @Post(':lotId/dispensations/:dispensationId/wastage')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.WasteDose.roles)
  @ApiOperation({ summary: 'Waste a dispensed dose (witnessed; not a Form 41 destruction)', description: ERRORS })
  waste(
    @Lot() lot: LotTarget,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: WastageRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    return this.lots.execute('WasteDose', lot, body, { ...commandData(body), dispensationId }, context);
  }

  @Post(':lotId/destructions')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.DestroyStock.roles)
  @ApiOperation({
    summary: 'Destroy stock on site (DEA Form 41; actor and witness are the two employees)',
    description: ERRORS,
  })
  destroy(
    @Lot() lot: LotTarget,
    @Body() body: DestructionRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    return this.lots.execute('DestroyStock', lot, body, commandData(body), context);
  }

  @Post(':lotId/losses')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.ReportLoss.roles)
  @ApiOperation({ summary: 'Report a theft or loss (the facts behind DEA Form 106)', description: ERRORS })
  reportLoss(
    @Lot() lot: LotTarget,
    @Body() body: LossRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    const data = commandData(body);
    return this.lots.execute(
      'ReportLoss',
      lot,
      body,
      { ...data, discoveredAt: new Date(data.discoveredAt).toISOString() },
      context,
    );
  }

  @Post(':lotId/corrections')
  @HttpCode(201)
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...LOT_COMMAND_RULES.CorrectRecord.roles)
  @ApiOperation({
    summary: 'Correct a documentation error: a compensating entry naming the event it corrects, never an edit',
    description: `The original stays in the lot's history; the witness is the second person, who approves. ${ERRORS}`,
  })
  async correct(
    @Lot() lot: LotTarget,
    @Body() body: CorrectionRequest,
    @Ctx() context: RequestContext,
  ): Promise<LotCommandResponse> {
    const correctionId = this.lots.newCorrectionId(lot.lotId, context);
    const { correctsEventId, reason, adjustments } = commandData(body);
    const result = await this.lots.execute(
      'CorrectRecord',
      lot,
      body,
      {
        correctionId,
        target: await this.lots.correctionTarget(lot, correctsEventId),
        reason,
        adjustments: adjustments.map(({ locationId, units }) => ({ locationId, units })),
      },
      context,
    );
    return { ...result, correctionId };
  }

  @Get(':lotId')
  @UseInterceptors(LotEtagInterceptor)
  @Allow(...READERS)
  @ApiOperation({ summary: 'The lot: balances per location, open dispensations, totals (with ETag)' })
  view(@Lot() lot: LotTarget, @Ctx() context: RequestContext): Promise<LotViewResponse> {
    return this.lots.view(lot, context.user);
  }

  @Get(':lotId/events')
  @Allow(...READERS)
  @ApiOperation({ summary: "The lot's events, oldest first, with their signature manifestations" })
  events(@Lot() lot: LotTarget, @Ctx() context: RequestContext): Promise<LotEventView[]> {
    return this.lots.events(lot, context.user);
  }

  @Get(':lotId/verification')
  @Allow(...READERS)
  @ApiOperation({ summary: "Recompute the lot's hash chain and every signature's link to its record" })
  verification(@Lot() lot: LotTarget, @Ctx() context: RequestContext): Promise<VerificationResponse> {
    return this.lots.verification(lot, context.user);
  }
}
