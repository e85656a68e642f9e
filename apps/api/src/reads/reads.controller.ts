import { Controller, Get, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inventoryAsOf } from '@lib/compliance';
import { LedgerError, PARTICIPANT_ID_PATTERN } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { RegistrantsService } from '../registrants/registrants.service';
import { InventoryQuery } from '../reports/report.dto';
import { RegistrantEvents } from '../reports/registrant-events';
import { CurrentReads } from './current-reads';
import { LotsQuery } from './reads.dto';

const STAFF = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER'] as const;

/** A participant code that is not a valid study code names nobody: 404. */
class ParticipantCode implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PARTICIPANT_ID_PATTERN.test(value)) throw new LedgerError('NOT_FOUND', 'Participant not found.');
    return value;
  }
}

@ApiTags('inventory')
@ApiBearerAuth()
@Controller('registrants/:rid')
export class ReadsController {
  constructor(
    private readonly reads: CurrentReads,
    private readonly registrants: RegistrantsService,
    private readonly events: RegistrantEvents,
  ) {}

  @Get('lots')
  @Allow(...STAFF)
  @ApiOperation({ summary: "The registrant's lots (read model), filtered, in pages" })
  lots(@UuidParam('rid') rid: string, @Query() query: LotsQuery, @Ctx() context: RequestContext) {
    return this.reads.lots(rid, context.user, { ...query, limit: query.limit ?? 50 });
  }

  @Get('inventory')
  @Allow(...STAFF, 'REGULATOR')
  @ApiOperation({
    summary: 'On hand by location and lot, and in participants’ custody',
    description:
      'Without asOf: now, from the read model. With asOf: the inventory as it stood then (21 CFR 1304.11), ' +
      'computed from the events themselves, Schedule I in its own section.',
  })
  async inventory(@UuidParam('rid') rid: string, @Query() query: InventoryQuery, @Ctx() context: RequestContext) {
    if (query.asOf === undefined) return this.reads.inventory(rid, context.user);
    const registrant = await this.registrants.ofMember(context.user, rid);
    return inventoryAsOf(await this.events.of(rid), registrant, query.asOf, query.businessTime ?? 'CLOSE');
  }

  @Get('participants/:participantId/accountability')
  @Allow(...STAFF)
  @ApiOperation({ summary: "A participant's drug accountability log (GCP), by session (read model)" })
  accountability(
    @UuidParam('rid') rid: string,
    @Param('participantId', new ParticipantCode()) participantId: string,
    @Ctx() context: RequestContext,
  ) {
    return this.reads.accountability(rid, participantId, context.user);
  }
}
