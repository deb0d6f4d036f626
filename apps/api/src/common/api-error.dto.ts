import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiErrorResponse, FieldError } from '@permanente/contracts';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'params.id' }) field!: string;
  @ApiProperty({ example: 'id must be a UUID' }) reason!: string;
  @ApiProperty({ example: 'isUuid' }) code!: string;
}

export class ApiErrorDto implements ApiErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'bad_request' }) error!: string;
  @ApiProperty({ example: 'Some fields are invalid' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) fields?: FieldErrorDto[];
  @ApiPropertyOptional() requestId?: string;
}
