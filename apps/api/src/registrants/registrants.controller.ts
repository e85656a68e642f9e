import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ANY_ROLE } from '../auth/access.decorators';
import { Ctx, type RequestContext } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { AddLocationRequest, CreateRegistrantRequest, LocationView, RegistrantView } from './registrant.dto';
import { RegistrantsService } from './registrants.service';

@ApiTags('registrants')
@ApiBearerAuth()
@Controller('registrants')
export class RegistrantsController {
  constructor(private readonly registrants: RegistrantsService) {}

  @Post()
  @Allow('ADMIN')
  @ApiOperation({
    summary: 'Register a DEA registrant',
    description: 'deaNumber failing the check digit: 400. DEA number already registered: 409 DUPLICATE.',
  })
  create(@Body() body: CreateRegistrantRequest, @Ctx() context: RequestContext): Promise<RegistrantView> {
    return this.registrants.create(body, context);
  }

  @Get(':rid')
  @Allow(...ANY_ROLE)
  @ApiOperation({ summary: 'A registrant (administrators: any; others: their own)' })
  get(@UuidParam('rid') rid: string, @Ctx() context: RequestContext): Promise<RegistrantView> {
    return this.registrants.get(rid, context.user);
  }

  @Post(':rid/locations')
  @Allow('ADMIN')
  @ApiOperation({
    summary: 'Add a secure storage location',
    description:
      'Name already used: 409 DUPLICATE. Approving a schedule the registrant does not hold: 409 SCHEDULE_NOT_REGISTERED.',
  })
  addLocation(
    @UuidParam('rid') rid: string,
    @Body() body: AddLocationRequest,
    @Ctx() context: RequestContext,
  ): Promise<LocationView> {
    return this.registrants.addLocation(rid, body, context);
  }

  @Get(':rid/locations')
  @Allow(...ANY_ROLE)
  @ApiOperation({ summary: "The registrant's storage locations" })
  locations(@UuidParam('rid') rid: string, @Ctx() context: RequestContext): Promise<LocationView[]> {
    return this.registrants.locations(rid, context.user);
  }
}
