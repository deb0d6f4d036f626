import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  DEFAULT_DOTS,
  DOT_VOTE_TARGETS,
  MAX_DOTS,
  POLL_MAX_OPTIONS,
  IDEA_CATEGORY_MAX_LENGTH,
  IDEA_MAX_LENGTH,
  WORKSHOP_STATUSES,
  type ActivityKind,
  type ActivityStatus,
  type ApplyRunSheetRequest,
  type ClassifyIdeaRequest,
  type DotVoteTarget,
  type CreateActivityRequest,
  type SaveThemeRequest,
  type SetEntryLockRequest,
  type PaperIdeaRequest,
  type UpdateActivityRequest,
  type UpdateWorkshopStatusRequest,
  type WorkshopStatus,
} from '@permanente/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { Omittable } from '../../common/omittable.decorator';
import { ParticipantProfileDto } from '../../participants/dto/participant.dto';

export class CreateActivityDto implements CreateActivityRequest {
  @ApiProperty({ enum: ACTIVITY_KINDS })
  @IsIn(ACTIVITY_KINDS)
  kind!: ActivityKind;

  @ApiProperty({ example: 'Comment mieux se déplacer dans le bassin de vie ?' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  prompt!: string;

  @ApiPropertyOptional({ type: [String], example: ['Mobilité', 'Santé'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(IDEA_CATEGORY_MAX_LENGTH, { each: true })
  categories?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_DOTS,
    default: DEFAULT_DOTS,
    description: 'Dot vote: dots per participant',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(MAX_DOTS)
  dots?: number;

  @ApiPropertyOptional({
    enum: DOT_VOTE_TARGETS,
    default: 'ideas',
    description: 'Dot vote: on the ideas or on the themes of the clustering',
  })
  @Omittable()
  @IsIn(DOT_VOTE_TARGETS)
  voteOn?: DotVoteTarget;

  @ApiPropertyOptional({ type: [String], description: 'Poll: 2 to 10 choices' })
  @Omittable()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(POLL_MAX_OPTIONS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  options?: string[];

  @ApiPropertyOptional({ description: 'Poll: several choices allowed' })
  @Omittable()
  @IsBoolean()
  multiple?: boolean;
}

export class UpdateActivityDto implements UpdateActivityRequest {
  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES })
  @Omittable()
  @IsIn(ACTIVITY_STATUSES)
  status?: ActivityStatus;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  prompt?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Seconds from now; null clears the timer',
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(4 * 3600)
  timerSeconds?: number | null;
}

export class UpdateWorkshopStatusDto implements UpdateWorkshopStatusRequest {
  @ApiProperty({ enum: WORKSHOP_STATUSES })
  @IsIn(WORKSHOP_STATUSES)
  status!: WorkshopStatus;
}

export class SetEntryLockDto implements SetEntryLockRequest {
  @ApiProperty({ description: 'true: no new phone may join; those already in stay' })
  @IsBoolean()
  locked!: boolean;
}

export class PaperIdeaDto implements PaperIdeaRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'Made by the console; a retry returns the first result',
  })
  @IsUUID('all')
  clientId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  activityId!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(IDEA_MAX_LENGTH * 2)
  text!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(IDEA_CATEGORY_MAX_LENGTH)
  category?: string | null;

  @ApiPropertyOptional({
    type: ParticipantProfileDto,
    description: "The writer's optional profile from the sheet: counted as a paper participant",
  })
  @Omittable()
  @ValidateNested()
  @Type(() => ParticipantProfileDto)
  writer?: ParticipantProfileDto;

  @ApiPropertyOptional({ description: 'The sheet carries the consent: must be true with writer' })
  @Omittable()
  @IsBoolean()
  writerConsent?: boolean;
}

export class SaveThemeDto implements SaveThemeRequest {
  @ApiProperty({ example: 'Mobilité' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;
}

export class ClassifyIdeaDto implements ClassifyIdeaRequest {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all')
  themeId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all')
  duplicateOf?: string | null;
}

export class WorkshopThemeParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'themeId must be a UUID' })
  themeId!: string;
}

export class WorkshopActivityParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'activityId must be a UUID' })
  activityId!: string;
}

export class WorkshopIdeaParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'ideaId must be a UUID' })
  ideaId!: string;
}

export class ApplyRunSheetDto implements ApplyRunSheetRequest {
  @ApiProperty({ example: 'fabrik-2017' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  templateId!: string;
}

export class WallTokenParamsDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  token!: string;
}
