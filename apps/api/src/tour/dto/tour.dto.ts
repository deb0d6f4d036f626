import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  DAY_PATTERN,
  STOP_MOMENT_KINDS,
  TIME_OF_DAY_PATTERN,
  type CreateTourRequest,
  type CreateTourStopRequest,
  type ReorderTourStopsRequest,
  type StopMomentInput,
  type StopMomentKind,
  type UpdateTourRequest,
  type UpdateTourStopRequest,
} from '@permanente/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NULL_IS_A_VALUE, Omittable } from '../../common/omittable.decorator';

export class CreateTourDto implements CreateTourRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  campaignId!: string;

  @ApiProperty({ example: 'La tournée des 23 bassins de vie' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

export class UpdateTourDto
  extends PartialType(OmitType(CreateTourDto, ['campaignId'] as const), NULL_IS_A_VALUE)
  implements UpdateTourRequest {}

export class StopMomentDto implements StopMomentInput {
  @ApiProperty({ enum: STOP_MOMENT_KINDS })
  @IsIn(STOP_MOMENT_KINDS)
  kind!: StopMomentKind;

  @ApiProperty({ example: '10:00' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'startsAt must be a time HH:MM' })
  startsAt!: string;

  @ApiProperty({ example: '11:30' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'endsAt must be a time HH:MM' })
  endsAt!: string;

  @ApiProperty({ example: 'Rencontre avec la ressourcerie' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ description: 'Organisations and local actors met (no private persons)' })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  actors?: string;
}

export class CreateTourStopDto implements CreateTourStopRequest {
  @ApiProperty({ example: '2026-03-12' })
  @Matches(DAY_PATTERN, { message: 'day must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'day must be a valid date' })
  day!: string;

  @ApiProperty({ example: '09:30' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'startsAt must be a time HH:MM' })
  startsAt!: string;

  @ApiProperty({ example: '21:30' })
  @Matches(TIME_OF_DAY_PATTERN, { message: 'endsAt must be a time HH:MM' })
  endsAt!: string;

  @ApiProperty({ format: 'uuid', description: 'A bassin de vie' })
  @IsUUID('all')
  territoryId!: string;

  @ApiPropertyOptional({ example: 'Place de la mairie' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  placeName?: string;

  @ApiPropertyOptional({ example: '1 place de la mairie, 18100 Vierzon' })
  @Omittable()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 47.222 })
  @IsOptional()
  @IsLatitude()
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 2.069 })
  @IsOptional()
  @IsLongitude()
  longitude?: number | null;

  @ApiPropertyOptional({ type: [StopMomentDto] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StopMomentDto)
  moments?: StopMomentDto[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Its Fabrik' })
  @IsOptional()
  @IsUUID('all')
  workshopId?: string | null;

  @ApiPropertyOptional({ description: 'Internal notes of the team (never public)' })
  @Omittable()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({ description: 'Short public report, written afterwards' })
  @Omittable()
  @IsString()
  @MaxLength(4000)
  report?: string;
}

export class UpdateTourStopDto
  extends PartialType(CreateTourStopDto, NULL_IS_A_VALUE)
  implements UpdateTourStopRequest {}

export class ReorderTourStopsDto implements ReorderTourStopsRequest {
  @ApiProperty({ type: [String], description: 'Every stop of the tour, in the new order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  stopIds!: string[];
}

export class IdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id!: string;
}
