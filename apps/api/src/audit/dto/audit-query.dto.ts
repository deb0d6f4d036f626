import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';
import { PaginationQueryDto } from '../../common/pagination-query.dto';

export class AuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'account.update' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  action?: string;
}
