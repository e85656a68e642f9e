import { ApiProperty } from '@nestjs/swagger';
import { Text } from '../common/fields';
import { UserView } from '../users/user.view';

export class LoginRequest {
  @Text({ max: 64, example: 'admin' })
  username!: string;

  @Text({ max: 1024 })
  password!: string;
}

export class LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires.' }) expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}
