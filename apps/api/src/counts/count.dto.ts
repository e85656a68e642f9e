import { ApiProperty } from '@nestjs/swagger';
import { BUSINESS_TIMES, COUNT_KINDS, type BusinessTime, type CountKind } from '@lib/ledger';
import { Int, NestedList, OneOf, Uuid } from '../common/fields';
import { WitnessedRequest } from '../lots/signed.dto';

export class CountLineDto {
  @Uuid() lotId!: string;
  @Uuid() locationId!: string;
  @Int({ min: 0, description: 'An exact count of dosage units (21 CFR 1304.11(e)(3)).' }) units!: number;
}

export class RecordCountRequest extends WitnessedRequest {
  @OneOf(COUNT_KINDS) kind!: CountKind;
  @OneOf(BUSINESS_TIMES, { description: 'Taken at opening or close of business (21 CFR 1304.11(a)).' })
  businessTime!: BusinessTime;
  @NestedList(CountLineDto, { max: 1000, description: 'May be empty only for an INITIAL (zero) inventory.' })
  lines!: CountLineDto[];
}

class CountLineResult {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ description: "The lot's revision holding this line." }) revision!: number;
}

export class RecordCountResponse {
  @ApiProperty({ format: 'uuid' }) countId!: string;
  @ApiProperty({ type: [CountLineResult], description: 'Blind count: the book quantities are not returned.' })
  lines!: CountLineResult[];
}
