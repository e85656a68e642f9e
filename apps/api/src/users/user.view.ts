import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, type User } from '@lib/ledger';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() printedName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) registrantIds!: string[];
  @ApiProperty() active!: boolean;
}

export const toUserView = (user: User): UserView => ({
  id: user.userId,
  username: user.username,
  printedName: user.printedName,
  roles: user.roles,
  registrantIds: user.registrantIds,
  active: user.active,
});
