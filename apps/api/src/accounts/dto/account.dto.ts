import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  STAFF_ROLES,
  type CreateStaffUserRequest,
  type StaffRole,
  type UpdateStaffUserRequest,
} from '@permanente/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/password.util';
import { Omittable } from '../../common/omittable.decorator';

export class CreateAccountDto implements CreateStaffUserRequest {
  @ApiProperty({ example: 'animation.cher@permanente.test' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Camille Martin' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true, message: `each role must be one of ${STAFF_ROLES.join(', ')}` })
  roles!: StaffRole[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  office?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'Territory ids; empty or absent: everywhere',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  scopeTerritoryIds?: string[];
}

export class UpdateAccountDto implements UpdateStaffUserRequest {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true, message: `each role must be one of ${STAFF_ROLES.join(', ')}` })
  roles?: StaffRole[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  office?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  scopeTerritoryIds?: string[];

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  disabled?: boolean;
}

export class AccountParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
