import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../common/problem';
import { PasswordHasher } from './passwords';
import { LoginThrottle } from './login-throttle';
import { Tokens } from './tokens';
import { UsersService } from '../users/users.service';
import { toUserView } from '../users/user.view';
import { Public } from './access.decorators';
import { LoginRequest, LoginResponse } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: Tokens,
    private readonly throttle: LoginThrottle,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a username and password for an access token',
    description:
      'Wrong or inactive: 401 INVALID_CREDENTIALS. After 5 failures for one username within 15 minutes: 429 RATE_LIMITED with Retry-After.',
  })
  async login(@Body() body: LoginRequest): Promise<LoginResponse> {
    const now = Date.now();
    const wait = this.throttle.retryAfterSeconds(body.username, now);
    if (wait > 0) {
      throw new ApiError('RATE_LIMITED', 'Too many failed logins for this username; try again later.', {
        'Retry-After': String(wait),
      });
    }
    const user = await this.users.findByUsername(body.username);
    const valid = await this.passwords.verify(body.password, user?.passwordHash);
    if (!user || !valid || !user.active) {
      this.throttle.recordFailure(body.username, now);
      throw new ApiError('INVALID_CREDENTIALS', 'Wrong username or password, or the account is inactive.');
    }
    this.throttle.recordSuccess(body.username);
    return {
      accessToken: await this.tokens.issue(user.userId),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
      user: toUserView(user),
    };
  }
}
