import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FIELD_KIT_MAX_DAYS,
  type ExtendFieldKitRequest,
  type FieldSignedRequest,
  type FieldSyncRequest,
  type ImportFieldFileRequest,
  type IssueFieldKitRequest,
} from '@permanente/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Type } from 'class-transformer';
import { Omittable } from '../../common/omittable.decorator';

/** The largest signed payload or file accepted (a workshop of 80 phones is well under). */
export const FIELD_BODY_LIMIT = '32mb';
const MAX_TEXT = 32 * 1024 * 1024;

export class IssueFieldKitDto implements IssueFieldKitRequest {
  @ApiProperty({ example: 'Bus, Vierzon, 12 March' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  workshopIds!: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  facilitatorIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: FIELD_KIT_MAX_DAYS })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(FIELD_KIT_MAX_DAYS)
  expiresInDays?: number;
}

export class ExtendFieldKitDto implements ExtendFieldKitRequest {
  @ApiProperty({ minimum: 1, maximum: FIELD_KIT_MAX_DAYS, description: 'From now' })
  @IsInt()
  @Min(1)
  @Max(FIELD_KIT_MAX_DAYS)
  expiresInDays!: number;
}

export class FieldLanQrQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 15, default: 0, description: 'Which LAN address' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(15)
  n = 0;
}

export class FieldKitParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class FieldSignedRequestDto implements FieldSignedRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  kitId!: string;

  @ApiProperty({ description: 'The JSON text signed' })
  @IsString()
  @MinLength(2)
  @MaxLength(MAX_TEXT)
  payload!: string;

  @ApiProperty({ description: 'Ed25519 signature of payload, lower-case hex' })
  @IsString()
  @Matches(/^[0-9a-f]{128}$/, { message: 'signature must be 128 lower-case hex digits' })
  signature!: string;
}

export class ImportFieldFileDto implements ImportFieldFileRequest {
  @ApiProperty({ description: 'The text of a kit file or an export file' })
  @IsString()
  @MinLength(2)
  @MaxLength(MAX_TEXT)
  file!: string;
}

export class FieldSyncDto implements FieldSyncRequest {
  @ApiPropertyOptional({ example: 'https://permanente.example.org' })
  @Omittable()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  centralUrl?: string;
}
