import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LOT_COMMAND_RULES } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { IfMatch, setEtag } from '../common/etag';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import {
  AdministerRequest,
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
const ERRORS = 'Errors: see the contract table; every command may answer 412 PRECONDITION_FAILED under If-Match.';

@ApiTags('lots')
@ApiBearerAuth()
@Controller('registrants/:rid/lots')
export class LotsController {
  constructor(private readonly lots: LotsService) {}

  private async answer(reply: FastifyReply, response: Promise<LotCommandResponse>): Promise<LotCommandResponse> {
    const result = await response;
    setEtag(reply, result.revision);
    return result;
  }

  @Post()
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.ReceiveLot.roles)
  @ApiOperation({ summary: 'Receive a lot against a DEA Form 222 or CSOS order', description: ERRORS })
  receive(
    @UuidParam('rid') rid: string,
    @Body() body: ReceiveLotRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    const lotId = this.lots.newLotId(rid, context);
    const { product, supplier, order, invoiceDate, ...lot } = commandData(body);
    const { strengthMg, unitsPerContainer, ...productData } = product;
    return this.answer(
      reply,
      this.lots.execute('ReceiveLot', { registrantId: rid, lotId }, body, {
        ...lot,
        lotId,
        product: { ...productData, strengthUg: Math.round(strengthMg * 1000), unitsPerContainer: unitsPerContainer ?? null },
        supplier: { name: supplier.name, deaNumber: supplier.deaNumber, address: supplier.address ?? null },
        order: order ? { form: order.form, number: order.number } : null,
        invoiceDate: invoiceDate ?? null,
      }, context),
    );
  }

  @Post(':lotId/transfers')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.TransferStock.roles)
  @ApiOperation({ summary: 'Move stock between storage locations (the receiver witnesses)', description: ERRORS })
  transfer(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Body() body: TransferRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    const { reason, ...data } = commandData(body);
    return this.answer(
      reply,
      this.lots.execute('TransferStock', { registrantId: rid, lotId, expectedRevision }, body, { ...data, reason: reason ?? null }, context),
    );
  }

  @Post(':lotId/dispensations')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.DispenseDose.roles)
  @ApiOperation({ summary: "Dispense for a participant's dose", description: ERRORS })
  async dispense(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Body() body: DispenseRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    const dispensationId = this.lots.newDispensationId(lotId, context);
    const result = await this.answer(
      reply,
      this.lots.execute('DispenseDose', { registrantId: rid, lotId, expectedRevision }, body, { ...commandData(body), dispensationId }, context),
    );
    return { ...result, dispensationId };
  }

  @Post(':lotId/dispensations/:dispensationId/administrations')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.AdministerDose.roles)
  @ApiOperation({ summary: 'Record administration of dispensed units', description: ERRORS })
  administer(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: AdministerRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    return this.answer(
      reply,
      this.lots.execute('AdministerDose', { registrantId: rid, lotId, expectedRevision }, body, { ...commandData(body), dispensationId }, context),
    );
  }

  @Post(':lotId/dispensations/:dispensationId/returns')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.ReturnDose.roles)
  @ApiOperation({ summary: 'Return unused dispensed units to stock (witnessed)', description: ERRORS })
  returnDose(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: ReturnRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    return this.answer(
      reply,
      this.lots.execute('ReturnDose', { registrantId: rid, lotId, expectedRevision }, body, { ...commandData(body), dispensationId }, context),
    );
  }

  @Post(':lotId/dispensations/:dispensationId/wastage')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.WasteDose.roles)
  @ApiOperation({ summary: 'Waste a dispensed dose (witnessed; not a Form 41 destruction)', description: ERRORS })
  waste(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @UuidParam('dispensationId') dispensationId: string,
    @Body() body: WastageRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    return this.answer(
      reply,
      this.lots.execute('WasteDose', { registrantId: rid, lotId, expectedRevision }, body, { ...commandData(body), dispensationId }, context),
    );
  }

  @Post(':lotId/destructions')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.DestroyStock.roles)
  @ApiOperation({ summary: 'Destroy stock on site (DEA Form 41; actor and witness are the two employees)', description: ERRORS })
  destroy(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Body() body: DestructionRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    return this.answer(
      reply,
      this.lots.execute('DestroyStock', { registrantId: rid, lotId, expectedRevision }, body, commandData(body), context),
    );
  }

  @Post(':lotId/losses')
  @HttpCode(201)
  @Allow(...LOT_COMMAND_RULES.ReportLoss.roles)
  @ApiOperation({ summary: 'Report a theft or loss (the facts behind DEA Form 106)', description: ERRORS })
  reportLoss(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Body() body: LossRequest,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotCommandResponse> {
    const data = commandData(body);
    return this.answer(
      reply,
      this.lots.execute(
        'ReportLoss',
        { registrantId: rid, lotId, expectedRevision },
        body,
        { ...data, discoveredAt: new Date(data.discoveredAt).toISOString() },
        context,
      ),
    );
  }

  @Get(':lotId')
  @Allow(...READERS)
  @ApiOperation({ summary: 'The lot: balances per location, open dispensations, totals (with ETag)' })
  async view(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotViewResponse> {
    const lot = await this.lots.view(rid, lotId, context.user);
    setEtag(reply, lot.revision);
    return lot;
  }

  @Get(':lotId/events')
  @Allow(...READERS)
  @ApiOperation({ summary: "The lot's events, oldest first, with their signature manifestations" })
  events(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Ctx() context: RequestContext,
  ): Promise<LotEventView[]> {
    return this.lots.events(rid, lotId, context.user);
  }

  @Get(':lotId/verification')
  @Allow(...READERS)
  @ApiOperation({ summary: "Recompute the lot's hash chain and every signature's link to its record" })
  verification(
    @UuidParam('rid') rid: string,
    @UuidParam('lotId') lotId: string,
    @Ctx() context: RequestContext,
  ): Promise<VerificationResponse> {
    return this.lots.verification(rid, lotId, context.user);
  }
}
