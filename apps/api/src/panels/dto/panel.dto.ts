import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PANEL_FAIRNESS,
  type AppointMemberRequest,
  type ApplyToPanelRequest,
  type CreateLotteryRequest,
  type CreatePanelRequest,
  type CreatePanelSessionRequest,
  type DrawPanelRequest,
  type ImportVolunteersRequest,
  type InvitationAnswerRequest,
  type MemberStatusRequest,
  type PanelFairness,
  type PanelFeature,
  type PanelFeatureValue,
  type PanelQuota,
  type PanelSeats,
  type ReplacementRequest,
  type SetQuotasRequest,
  type UpdatePanelRequest,
} from '@permanente/contracts';
import { Type } from 'class-transformer';
import { ParticipantProfileDto } from '../../participants/dto/participant.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PanelSeatsDto implements PanelSeats {
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(1000) drawn!: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(1000) organisation!: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(1000) elected!: number;
}

export class PanelFeatureValueDto implements PanelFeatureValue {
  @ApiProperty({ example: 'woman' }) @IsString() @MinLength(1) @MaxLength(60) value!: string;
  @ApiProperty({ example: 'Femme' }) @IsString() @MinLength(1) @MaxLength(200) label!: string;
}

export class PanelFeatureDto implements PanelFeature {
  @ApiProperty({ example: 'gender' }) @IsString() @MaxLength(40) key!: string;
  @ApiProperty({ example: 'Genre' }) @IsString() @MinLength(1) @MaxLength(200) label!: string;
  @ApiProperty({ type: [PanelFeatureValueDto] })
  @ValidateNested({ each: true })
  @Type(() => PanelFeatureValueDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  values!: PanelFeatureValueDto[];
}

export class CreatePanelDto implements CreatePanelRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') campaignId!: string;
  @ApiProperty({ format: 'uuid', description: 'Usually a département' })
  @IsUUID('all')
  territoryId!: string;

  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(4000) description?: string;

  @ApiProperty({ type: PanelSeatsDto })
  @ValidateNested()
  @Type(() => PanelSeatsDto)
  seats!: PanelSeatsDto;

  @ApiPropertyOptional({ type: [PanelFeatureDto] })
  @Omittable()
  @ValidateNested({ each: true })
  @Type(() => PanelFeatureDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  features?: PanelFeatureDto[];

  @ApiProperty({ example: '2026-12-31' })
  @Matches(DAY, { message: 'retentionUntil must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'retentionUntil must be a valid date' })
  retentionUntil!: string;

  @ApiPropertyOptional() @Omittable() @IsBoolean() callOpen?: boolean;
}

export class UpdatePanelDto implements UpdatePanelRequest {
  @ApiPropertyOptional() @Omittable() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(4000) description?: string;

  @ApiPropertyOptional({ type: PanelSeatsDto })
  @Omittable()
  @ValidateNested()
  @Type(() => PanelSeatsDto)
  seats?: PanelSeatsDto;

  @ApiPropertyOptional({ type: [PanelFeatureDto] })
  @Omittable()
  @ValidateNested({ each: true })
  @Type(() => PanelFeatureDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  features?: PanelFeatureDto[];

  @ApiPropertyOptional()
  @Omittable()
  @Matches(DAY, { message: 'retentionUntil must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'retentionUntil must be a valid date' })
  retentionUntil?: string;

  @ApiPropertyOptional() @Omittable() @IsBoolean() callOpen?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'The public seed announced for the draw' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  announcedSeed?: string | null;

  @ApiPropertyOptional({ enum: PANEL_FAIRNESS })
  @Omittable()
  @IsIn(PANEL_FAIRNESS)
  fairness?: PanelFairness;
}

export class PanelQuotaDto implements PanelQuota {
  @ApiProperty({ example: 'gender' }) @IsString() @MaxLength(40) feature!: string;
  @ApiProperty({ example: 'woman' }) @IsString() @MaxLength(60) value!: string;
  @ApiProperty({ example: 14 }) @IsInt() @Min(0) @Max(1000) min!: number;
  @ApiProperty({ example: 16 }) @IsInt() @Min(0) @Max(1000) max!: number;
}

export class SetQuotasDto implements SetQuotasRequest {
  @ApiProperty({ type: [PanelQuotaDto] })
  @ValidateNested({ each: true })
  @Type(() => PanelQuotaDto)
  @ArrayMaxSize(400)
  quotas!: PanelQuotaDto[];
}

export class ApplyToPanelDto implements ApplyToPanelRequest {
  @ApiProperty({ example: 'Camille Martin' }) @IsString() @MaxLength(200) name!: string;
  @ApiPropertyOptional() @Omittable() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(30) phone?: string;
  @ApiProperty({ example: { gender: 'woman', ageBand: '25-34' } })
  @IsObject()
  features!: Record<string, string>;
  @ApiProperty({ description: 'Must be true' }) @IsBoolean() consent!: boolean;

  @ApiPropertyOptional({ type: ParticipantProfileDto })
  @Omittable()
  @ValidateNested()
  @Type(() => ParticipantProfileDto)
  profile?: ParticipantProfileDto;

  @ApiPropertyOptional({ description: 'Must be true to store profile answers' })
  @Omittable()
  @IsBoolean()
  profileConsent?: boolean;
}

export class ImportVolunteersDto implements ImportVolunteersRequest {
  @ApiProperty({ description: 'CSV text: name,email,phone and one column per feature key' })
  @IsString()
  @MaxLength(3_500_000)
  csv!: string;
  @ApiProperty({ description: 'Every paper application carries its consent' })
  @IsBoolean()
  consent!: boolean;
  @ApiPropertyOptional({ enum: ['refuse', 'merge'], description: 'What to do with duplicates' })
  @IsOptional()
  @IsIn(['refuse', 'merge'])
  duplicates?: 'refuse' | 'merge';
}

export class DrawPanelDto implements DrawPanelRequest {
  @ApiPropertyOptional({ description: 'Defaults to the announced seed' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  seed?: string;
  @ApiPropertyOptional({ enum: PANEL_FAIRNESS })
  @Omittable()
  @IsIn(PANEL_FAIRNESS)
  fairness?: PanelFairness;
}

export class ReplacementDto implements ReplacementRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) seed!: string;
}

export class CreateLotteryDto implements CreateLotteryRequest {
  @ApiProperty({ example: 'Présidents d’intercommunalité' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  purpose!: string;
  @ApiProperty({ type: [String] })
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  names!: string[];
  @ApiProperty() @IsInt() @Min(0) @Max(2000) count!: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) seed!: string;
}

export class AppointMemberDto implements AppointMemberRequest {
  @ApiProperty({ enum: ['organisation', 'elected'] })
  @IsIn(['organisation', 'elected'])
  category!: 'organisation' | 'elected';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ description: 'A name drawn by one of the panel’s lotteries' })
  @IsString()
  @MaxLength(200)
  appointedBy!: string;
}

export class MemberStatusDto implements MemberStatusRequest {
  @ApiProperty({ enum: ['accepted', 'declined'] })
  @IsIn(['accepted', 'declined'])
  status!: 'accepted' | 'declined';
}

export class InvitationAnswerDto implements InvitationAnswerRequest {
  @ApiProperty({ enum: ['accept', 'decline'] })
  @IsIn(['accept', 'decline'])
  answer!: 'accept' | 'decline';
}

export class PanelParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class PanelDrawParamsDto extends PanelParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') drawId!: string;
}

export class PanelDrawJobParamsDto extends PanelParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') jobId!: string;
}

export class PanelMemberParamsDto extends PanelParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') memberId!: string;
}

export class InvitationParamsDto {
  @ApiProperty() @IsString() @MinLength(20) @MaxLength(100) token!: string;
}

export class PanelListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Omittable() @IsUUID('all') campaignId?: string;
}

export class CreatePanelSessionDto implements CreatePanelSessionRequest {
  @ApiProperty({ example: 'Première séance du panel' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-04-04T09:30:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string | null;
}

export class InvitationSessionParamsDto extends InvitationParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') workshopId!: string;
}
