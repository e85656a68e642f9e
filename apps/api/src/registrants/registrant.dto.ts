import { ApiProperty } from '@nestjs/swagger';
import {
  LOCATION_KINDS,
  REGISTRANT_ACTIVITIES,
  SCHEDULES,
  type LocationKind,
  type RegistrantActivity,
  type Schedule,
} from '@lib/ledger';
import { CalendarDate, DeaNumber, ListOf, Nested, OneOf, Text } from '../common/fields';

export class AddressDto {
  @Text({ max: 200, example: '1 Research Way' }) street!: string;
  @Text({ max: 100, example: 'Boston' }) city!: string;
  @Text({ max: 50, example: 'MA' }) state!: string;
  @Text({ max: 20, example: '02115' }) postalCode!: string;
}

export class CreateRegistrantRequest {
  @Text({ max: 200, example: 'Harbor Clinical Research Unit' }) name!: string;
  @DeaNumber() deaNumber!: string;
  @OneOf(REGISTRANT_ACTIVITIES) activity!: RegistrantActivity;
  @ListOf(SCHEDULES, { min: 1, example: ['I'] }) schedules!: Schedule[];
  @Nested(AddressDto) address!: AddressDto;
  @CalendarDate({ description: 'May lie in the past: ledger commands dated after it are refused.' })
  registrationExpiresOn!: string;
  @Text({ max: 64, example: 'America/New_York', description: 'IANA time zone of the registered location.' })
  timeZone!: string;
}

export class RegistrantView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() deaNumber!: string;
  @ApiProperty({ enum: REGISTRANT_ACTIVITIES }) activity!: RegistrantActivity;
  @ApiProperty({ enum: SCHEDULES, isArray: true }) schedules!: Schedule[];
  @ApiProperty({ type: AddressDto }) address!: AddressDto;
  @ApiProperty({ format: 'date' }) registrationExpiresOn!: string;
  @ApiProperty() timeZone!: string;
}

export class AddLocationRequest {
  @Text({ max: 100, example: 'Vault A' }) name!: string;
  @OneOf(LOCATION_KINDS) kind!: LocationKind;
  @ListOf(SCHEDULES, { example: ['I'] }) approvedSchedules!: Schedule[];
}

export class LocationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LOCATION_KINDS }) kind!: LocationKind;
  @ApiProperty({ enum: SCHEDULES, isArray: true }) approvedSchedules!: Schedule[];
}
