import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiProduces,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import contractSchemas from './contract-schemas.json';

// The success answers in the OpenAPI document are the contracts' own types: their JSON Schemas
// are generated from libs/contracts (scripts/openapi-schemas.mjs) and added to the document's
// components (openapi-document.ts), so no decorated class repeats a response's fields.

/** A type exported by libs/contracts (generated into contract-schemas.json). */
export type ContractName = keyof typeof contractSchemas;

/** `'ProposalDetail'`, or `['ProposalDetail']` for an array of them (as Nest's `type: [Dto]`). */
export type ContractShape = ContractName | readonly [ContractName];

export function contractSchema(shape: ContractShape) {
  return typeof shape === 'string'
    ? { $ref: `#/components/schemas/${shape}` }
    : { type: 'array' as const, items: { $ref: `#/components/schemas/${shape[0]}` } };
}

const contractResponse =
  (status: 200 | 201 | 202) =>
  (shape: ContractShape, description = '') =>
    ApiResponse({ status, description, schema: contractSchema(shape) });

/** 200 with a JSON body of a contract type. */
export const ApiOkContract = contractResponse(200);
/** 201 with a JSON body of a contract type. */
export const ApiCreatedContract = contractResponse(201);
/** 202 (a job or a mail is queued) with a JSON body of a contract type. */
export const ApiAcceptedContract = contractResponse(202);

/** 200 with a body that is not JSON: a CSV, a calendar, an SVG, an HTML page, a file. */
export const ApiOkText = (contentType: string, description: string) =>
  applyDecorators(
    ApiProduces(contentType),
    ApiResponse({
      status: 200,
      description,
      content: { [contentType]: { schema: { type: 'string' } } },
    }),
  );

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
type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** An error answer of a route and when it happens; its body is an ApiErrorResponse. */
export const ApiError = (status: ErrorStatus, description?: string) =>
  ERROR_RESPONSES[status]({ description, schema: contractSchema('ApiErrorResponse') });

const USUAL_REASONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: the fields at fault',
  401: 'Not signed in',
  403: 'Not allowed for this caller',
  404: 'Not found',
  409: 'In conflict with the current state',
  422: 'Cannot be done as asked',
  429: 'Too many requests: retry later',
  503: 'Unavailable for now',
};

/** The error answers a route may give, for their usual reasons. */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiError(status, USUAL_REASONS[status])));
