import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from './omittable.decorator';

/** `?limit=&offset=` of the staff lists (audit log, mail outbox): 1–200 rows, 50 by default. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ default: 0 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
