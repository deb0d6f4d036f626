import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGE_BANDS,
  type AgeBand,
  GENDERS,
  type Gender,
  type JoinWorkshopRequest,
  type ParticipantProfile,
  type RecordPaperParticipantRequest,
  type UpdateParticipantRequest,
} from '@permanente/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '../../common/omittable.decorator';

// Printable text only: a display name is shown on the wall.
const PRINTABLE = /^[^\p{Cc}\p{Cf}]*$/u;

export class JoinWorkshopDto implements JoinWorkshopRequest {
  @ApiProperty({ example: 'K7P2QX' })
  @IsString()
  @MaxLength(20)
  code!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Lucie' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PRINTABLE, { message: 'displayName must not contain control characters' })
  displayName?: string | null;
}

export class ParticipantProfileDto implements ParticipantProfile {
  @ApiPropertyOptional({ enum: AGE_BANDS })
  @Omittable()
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand;

  @ApiPropertyOptional({ enum: GENDERS })
  @Omittable()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ description: 'INSEE code of the commune of residence', example: '18279' })
  @Omittable()
  @IsString()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'communeCode must be an INSEE commune code' })
  communeCode?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  firstParticipation?: boolean;
}

export class UpdateParticipantDto implements UpdateParticipantRequest {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PRINTABLE, { message: 'displayName must not contain control characters' })
  displayName?: string | null;

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

export class RecordPaperParticipantDto implements RecordPaperParticipantRequest {
  @ApiProperty({ format: 'uuid', description: 'Made by the console; a retry stores nothing new' })
  @IsUUID('all')
  clientId!: string;

  @ApiProperty({ type: ParticipantProfileDto })
  @ValidateNested()
  @Type(() => ParticipantProfileDto)
  profile!: ParticipantProfileDto;

  @ApiProperty({ description: 'The sheet carries the consent: must be true' })
  @IsBoolean()
  profileConsent!: boolean;
}
