import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
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

const ERROR_RESPONSES = {
  400: ApiBadRequestResponse,
  401: ApiUnauthorizedResponse,
  403: ApiForbiddenResponse,
  404: ApiNotFoundResponse,
  409: ApiConflictResponse,
  422: ApiUnprocessableEntityResponse,
  429: ApiTooManyRequestsResponse,
  503: ApiServiceUnavailableResponse,
} as const;

/** The error answers a route may give, each documented in the OpenAPI with ApiErrorDto. */
export const ApiErrors = (...statuses: Array<keyof typeof ERROR_RESPONSES>) =>
  applyDecorators(...statuses.map((status) => ERROR_RESPONSES[status]({ type: ApiErrorDto })));
