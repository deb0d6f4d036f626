import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  WORKSHOP_KINDS,
  type CreateWorkshopRequest,
  type WorkshopKind,
} from '@permanente/contracts';
import {
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';

export class CreateWorkshopDto implements CreateWorkshopRequest {
  @ApiProperty({ example: 'Fabrik de Vierzon' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ enum: WORKSHOP_KINDS, default: 'fabrik' })
  @Omittable()
  @IsIn(WORKSHOP_KINDS)
  kind?: WorkshopKind;

  @ApiProperty({ format: 'uuid', description: 'Usually a bassin de vie' })
  @IsUUID('all')
  territoryId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Salle des fêtes, Vierzon' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' })
  @IsOptional()
  @IsDateString()
  startsAt?: string | null;
}

export class WorkshopParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
