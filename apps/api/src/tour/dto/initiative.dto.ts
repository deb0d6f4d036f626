import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  INITIATIVE_KINDS,
  INITIATIVE_MAX_PAGE_SIZE,
  INITIATIVE_PAGE_SIZE,
  type CreateInitiativeRequest,
  type InitiativeKind,
  type InitiativeSearchQuery,
  type UpdateInitiativeRequest,
} from '@permanente/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NULL_IS_A_VALUE, Omittable } from '../../common/omittable.decorator';

export class CreateInitiativeDto implements CreateInitiativeRequest {
  @ApiProperty({ example: 'Ressourcerie du Pays de Vierzon' })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ enum: INITIATIVE_KINDS })
  @IsIn(INITIATIVE_KINDS)
  kind!: InitiativeKind;

  @ApiPropertyOptional({ type: [String], example: ['réemploi', 'emploi'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  themes?: string[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  territoryId!: string;

  @ApiPropertyOptional({
    description: 'A public contact of the organisation (never a private person)',
    example: 'contact@ressourcerie.example',
  })
  @Omittable()
  @IsString()
  @MaxLength(200)
  publicContact?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://ressourcerie.example' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all')
  stopId?: string | null;
}

export class UpdateInitiativeDto
  extends PartialType(CreateInitiativeDto, NULL_IS_A_VALUE)
  implements UpdateInitiativeRequest {}

export class InitiativeSearchDto implements InitiativeSearchQuery {
  @ApiPropertyOptional({ description: 'Words to find in the name, description or themes' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: INITIATIVE_KINDS })
  @Omittable()
  @IsIn(INITIATIVE_KINDS)
  kind?: InitiativeKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'A territory and everything inside it' })
  @Omittable()
  @IsUUID('all')
  territoryId?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(60)
  theme?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: INITIATIVE_PAGE_SIZE, maximum: INITIATIVE_MAX_PAGE_SIZE })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INITIATIVE_MAX_PAGE_SIZE)
  pageSize?: number;
}
