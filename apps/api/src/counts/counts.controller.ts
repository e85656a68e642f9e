import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INVENTORY_ROLES } from '@lib/ledger';
import { Allow } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { RecordCountRequest, RecordCountResponse } from './count.dto';
import { CountsService } from './counts.service';

@ApiTags('counts')
@ApiBearerAuth()
@Controller('registrants/:rid/counts')
export class CountsController {
  constructor(private readonly counts: CountsService) {}

  @Post()
  @HttpCode(201)
  @Allow(...INVENTORY_ROLES)
  @ApiOperation({
    summary: 'Record a physical inventory (blind count, witnessed)',
    description: 'The book quantity is stored with each line for reconciliation and never returned to the counter.',
  })
  record(
    @UuidParam('rid') rid: string,
    @Body() body: RecordCountRequest,
    @Ctx() context: RequestContext,
  ): Promise<RecordCountResponse> {
    return this.counts.record(rid, body, context);
  }
}
