import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';

export class AuditQueryDto {
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

  @ApiPropertyOptional({ example: 'account.update' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  action?: string;
}
