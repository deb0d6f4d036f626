import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import {
  ANSWER_STATE_PATTERN,
  PROPOSAL_LIMITS as L,
  PROPOSAL_SORTS,
  PROPOSAL_SOURCES,
  PROPOSAL_STATUSES,
  type AnswerProposalRequest,
  type AnswerStatesRequest,
  type CommentRequest,
  type CreateProposalRequest,
  type DraftFromWorkshopRequest,
  type FollowUpRequest,
  type ProposalListQuery,
  type ProposalSort,
  type ProposalSource,
  type ProposalStatus,
  type UpdateProposalRequest,
} from '@permanente/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NULL_IS_A_VALUE, Omittable } from '../../common/omittable.decorator';
import { CSV_LANGUAGES, type CsvLanguage } from '../../live/csv.util';

const NOT_BLANK = /\S/;

export class CreateProposalDto implements CreateProposalRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  campaignId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  territoryId!: string;

  @ApiProperty({ maxLength: L.title })
  @IsString()
  @MaxLength(L.title)
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  title!: string;

  @ApiProperty({ maxLength: L.need, description: 'The need it answers' })
  @IsString()
  @MaxLength(L.need)
  @Matches(NOT_BLANK, { message: 'need must not be empty' })
  need!: string;

  @ApiProperty({ maxLength: L.action, description: 'The action proposed' })
  @IsString()
  @MaxLength(L.action)
  @Matches(NOT_BLANK, { message: 'action must not be empty' })
  action!: string;

  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(L.themes)
  @IsString({ each: true })
  @MaxLength(L.theme, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'a theme must not be empty' })
  themes?: string[];

  @ApiProperty({ enum: PROPOSAL_SOURCES })
  @IsIn(PROPOSAL_SOURCES)
  source!: ProposalSource;

  @ApiPropertyOptional({ example: 'CESER Centre-Val de Loire' })
  @Omittable()
  @IsString()
  @MaxLength(L.sourceBody)
  sourceBody?: string;

  @ApiPropertyOptional({ example: 'Conseil régional des jeunes' })
  @Omittable()
  @IsString()
  @MaxLength(L.authors)
  authors?: string;
}

/** The editable fields of a draft: those of creation, each optional, with the same rules. */
export class UpdateProposalDto
  extends PartialType(
    PickType(CreateProposalDto, [
      'title',
      'need',
      'action',
      'themes',
      'authors',
      'sourceBody',
    ] as const),
    NULL_IS_A_VALUE,
  )
  implements UpdateProposalRequest {}

/** Title, need and action are optional here (defaults come from the theme); same rules as creation. */
export class DraftFromWorkshopDto
  extends PartialType(
    PickType(CreateProposalDto, ['title', 'need', 'action'] as const),
    NULL_IS_A_VALUE,
  )
  implements DraftFromWorkshopRequest
{
  @ApiProperty({ format: 'uuid', description: 'A closed workshop' })
  @IsUUID('all')
  workshopId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A theme (cluster) of that workshop' })
  @Omittable()
  @IsUUID('all')
  themeId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Or chosen ideas of that workshop' })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ideaIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: "Defaults to the workshop's campaign" })
  @Omittable()
  @IsUUID('all')
  campaignId?: string;
}

export class AnswerProposalDto implements AnswerProposalRequest {
  @ApiProperty({ example: 'partly_accepted', description: "One of the campaign's answer states" })
  @IsString()
  @MaxLength(60)
  state!: string;

  @ApiProperty({ maxLength: L.reasons, description: 'Public reasons' })
  @IsString()
  @MaxLength(L.reasons)
  @Matches(NOT_BLANK, { message: 'reasons must not be empty' })
  reasons!: string;
}

export class FollowUpDto implements FollowUpRequest {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  progress!: number;

  @ApiProperty({ maxLength: L.followUp })
  @IsString()
  @MaxLength(L.followUp)
  @Matches(NOT_BLANK, { message: 'text must not be empty' })
  text!: string;
}

export class CommentDto implements CommentRequest {
  @ApiProperty({ maxLength: L.comment })
  @IsString()
  @MaxLength(L.comment)
  @Matches(NOT_BLANK, { message: 'text must not be empty' })
  text!: string;
}

export class AnswerStatesDto implements AnswerStatesRequest {
  @ApiProperty({ type: [String], example: ['accepted', 'rejected'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(ANSWER_STATE_PATTERN, {
    each: true,
    message: 'a state is lower-case letters and underscores',
  })
  states!: string[];
}

export class ProposalParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id!: string;
}

export class CommentParamsDto extends ProposalParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  commentId!: string;
}

export class CampaignParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  campaignId!: string;
}

export class ProposalListQueryDto implements ProposalListQuery {
  @ApiPropertyOptional({ description: 'French full-text search' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This territory and those inside it' })
  @Omittable()
  @IsUUID('all')
  territoryId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID('all')
  campaignId?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(L.theme)
  theme?: string;

  @ApiPropertyOptional({ enum: PROPOSAL_SOURCES })
  @Omittable()
  @IsIn(PROPOSAL_SOURCES)
  source?: ProposalSource;

  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @Omittable()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional()
  @Omittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: PROPOSAL_SORTS })
  @Omittable()
  @IsIn(PROPOSAL_SORTS)
  sort?: ProposalSort;

  @ApiPropertyOptional({ default: 20, maximum: L.pageSize })
  @Omittable()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(L.pageSize)
  limit?: number;

  @ApiPropertyOptional({
    default: 0,
    maximum: L.maxOffset,
    description: 'The first pages only; deeper pages follow `nextCursor`',
  })
  @Omittable()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(L.maxOffset, { message: `offset must not be greater than ${L.maxOffset}: use cursor` })
  offset?: number;

  @ApiPropertyOptional({
    maxLength: L.cursor,
    description: "The previous page's `nextCursor` (same filters and sort); `offset` is ignored",
  })
  @Omittable()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor given by this list' })
  @MaxLength(L.cursor)
  cursor?: string;
}

export class FiguresQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID('all')
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This territory and those inside it' })
  @Omittable()
  @IsUUID('all')
  territoryId?: string;
}

export class NotificationsQueryDto {
  @ApiPropertyOptional({ description: 'Only what happened after this instant (ISO 8601)' })
  @Omittable()
  @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, { message: 'since must be an ISO 8601 UTC instant' })
  since?: string;
}

/** The queue's filters, and the language of the CSV's headers and words (`lang`). */
export class ProposalExportQueryDto extends ProposalListQueryDto {
  @ApiPropertyOptional({ enum: CSV_LANGUAGES, example: 'fr' })
  @Omittable()
  @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}
