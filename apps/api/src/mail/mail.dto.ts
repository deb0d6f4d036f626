import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsEmail, IsIn, IsString, MaxLength } from 'class-validator';
import type { ProposalMailRequest } from '@permanente/contracts';
import { PaginationQueryDto } from '../common/pagination-query.dto';

/** The outbox list's paging (`limit`, `offset`). */
export class OutboxQueryDto extends PaginationQueryDto {}

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
