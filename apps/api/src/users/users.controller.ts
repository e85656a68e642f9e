import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ANY_ROLE } from '../auth/access.decorators';
import { UuidParam } from '../common/uuid-param';
import { Ctx, type RequestContext } from '../common/request-context';
import { CreateUserRequest, EmptyRequest } from './user.dto';
import { UsersService } from './users.service';
import { toUserView, UserView } from './user.view';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Allow('ADMIN')
  @ApiOperation({ summary: 'Create a user', description: 'Username taken: 409 DUPLICATE.' })
  create(@Body() body: CreateUserRequest, @Ctx() context: RequestContext): Promise<UserView> {
    return this.users.create(body, context);
  }

  @Get('me')
  @Allow(...ANY_ROLE)
  @ApiOperation({ summary: 'The authenticated user' })
  me(@Ctx() context: RequestContext): UserView {
    return toUserView(context.user);
  }

  @Post(':userId/deactivation')
  @Allow('ADMIN')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user; their tokens stop working at once' })
  deactivate(
    @UuidParam('userId') userId: string,
    @Body() _body: EmptyRequest,
    @Ctx() context: RequestContext,
  ): Promise<UserView> {
    return this.users.deactivate(userId, context);
  }
}
