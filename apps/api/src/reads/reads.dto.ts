import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OneOf, Text, Uuid } from '../common/fields';
import type { LotStatus } from './current-reads';

const LOT_STATUSES: readonly LotStatus[] = ['active', 'expired', 'depleted'];

export class LotsQuery {
  @OneOf(LOT_STATUSES, {
    optional: true,
    description: 'active: stock, not expired; expired: stock past expiry; depleted: nothing left.',
  })
  status?: LotStatus;

  @Uuid({ optional: true, description: 'Only lots with stock at this location.' })
  locationId?: string;

  @Text({ max: 64, optional: true }) lotNumber?: string;

  @Uuid({ optional: true, description: 'The `nextCursor` of the previous page.' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: 200, default: 50 })
  limit?: number;
}
