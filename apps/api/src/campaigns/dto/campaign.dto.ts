import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import {
  CAMPAIGN_SLUG_PATTERN,
  DEFAULT_ANSWER_DELAY_DAYS,
  type CreateCampaignRequest,
  type UpdateCampaignRequest,
} from '@permanente/contracts';
import {
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NULL_IS_A_VALUE, Omittable } from '../../common/omittable.decorator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCampaignDto implements CreateCampaignRequest {
  @ApiProperty({ example: 'democratie-permanente-2026' })
  @IsString()
  @MaxLength(80)
  @Matches(CAMPAIGN_SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug!: string;

  @ApiProperty({ example: 'Démocratie permanente 2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ format: 'uuid', description: 'Usually the region' })
  @IsUUID('all')
  territoryId!: string;

  @ApiProperty({ example: '2026-02-01' })
  @Matches(DAY, { message: 'startsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a valid date' })
  startsOn!: string;

  @ApiProperty({ example: '2026-07-31' })
  @Matches(DAY, { message: 'endsOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a valid date' })
  endsOn!: string;

  @ApiPropertyOptional({ default: DEFAULT_ANSWER_DELAY_DAYS, minimum: 1, maximum: 730 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(730)
  answerDelayDays?: number;
}

export class UpdateCampaignDto
  extends PartialType(OmitType(CreateCampaignDto, ['slug'] as const), NULL_IS_A_VALUE)
  implements UpdateCampaignRequest {}

export class CampaignParamsDto {
  @ApiProperty({ description: 'The campaign id (UUID) or its slug' })
  @IsString()
  @MaxLength(80)
  id!: string;
}
