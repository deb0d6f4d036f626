import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsEmail, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ProposalMailRequest } from '@permanente/contracts';
import { Omittable } from '../common/omittable.decorator';

export class OutboxQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ default: 0 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The signed token of the mail’s unsubscribe link' })
  @IsString()
  @MaxLength(200)
  token!: string;
}

export class ProposalMailDto implements ProposalMailRequest {
  @ApiProperty({ example: 'camille@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['fr', 'en'] })
  @IsIn(['fr', 'en'])
  language!: 'fr' | 'en';

  @ApiProperty({ description: 'Must be true: consent to receive the answer and follow-ups' })
  @Equals(true, { message: 'consent must be true: mails are sent only with consent' })
  consent!: boolean;
}
