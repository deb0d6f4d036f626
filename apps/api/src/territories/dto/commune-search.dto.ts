import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class CommuneSearchDto {
  @ApiProperty({
    description: 'The beginning of a commune’s name, or of its postcode',
    example: 'vierz',
  })
  @IsString()
  @MaxLength(60)
  q!: string;
}
