import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiErrorResponse } from '@permanente/contracts';
import type { NextFunction, Request, Response } from 'express';
import { CHECKED_OUT_CODE, DomainError } from './domain-error';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable';
import { INVALID_INPUT_MESSAGE, isInvalidInputForDatabase } from './database-input-error';
import { FieldValidationException } from './validation.pipe';

const ERROR_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'service_unavailable',
};

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Every error leaves the API as the same JSON shape (ApiErrorResponse), with the request id
 * and never a stack trace; unexpected errors are logged in full on the server side only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = (request as Request & { id?: string }).id;

    let body: ApiErrorResponse;
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      body = {
        statusCode,
        error: ERROR_NAMES[statusCode] ?? 'error',
        message: messageOf(exception),
        requestId,
      };
      if (exception instanceof FieldValidationException) body.fields = exception.getFields();
    } else if (exception instanceof DomainError) {
      const statusCode = exception.status;
      body = {
        statusCode,
        error: ERROR_NAMES[statusCode] ?? exception.code,
        message: exception.message,
        requestId,
      };
      if (exception.extra.kitId) {
        body.code = CHECKED_OUT_CODE;
        body.kitId = exception.extra.kitId;
      }
      if (exception.extra.fields) body.fields = exception.extra.fields;
      else if (exception.field)
        body.fields = [
          { field: `body.${exception.field}`, reason: exception.message, code: exception.code },
        ];
      if (exception.extra.retryAfterMs !== undefined) {
        const seconds = Math.max(1, Math.ceil(exception.extra.retryAfterMs / 1000));
        response.setHeader('retry-after', String(seconds));
      }
    } else if (isDatabaseUnavailable(exception)) {
      // An outage, not a bug: one line in the log, and a 503 the client may retry.
      this.logger.warn({
        msg: 'database unavailable',
        requestId,
        method: request.method,
        path: request.originalUrl,
        reason: exception instanceof Error ? exception.message : String(exception),
      });
      response.setHeader('retry-after', '5');
      body = {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'service_unavailable',
        message: DATABASE_UNAVAILABLE_MESSAGE,
        requestId,
      };
    } else if (isInvalidInputForDatabase(exception)) {
      // The client's value, not our bug; logged, since validation should have caught it.
      this.logger.warn({
        msg: 'value refused by the database',
        requestId,
        method: request.method,
        path: request.route?.path ?? request.path,
        reason: exception instanceof Error ? exception.message : String(exception),
      });
      body = {
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'bad_request',
        message: INVALID_INPUT_MESSAGE,
        requestId,
      };
    } else {
      const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
      this.logger.error(
        { msg: 'unhandled error', requestId, method: request.method, path: request.originalUrl },
        exception instanceof Error ? exception.stack : String(exception),
      );
      body = {
        statusCode,
        error: 'internal_error',
        message: 'Something went wrong on our side',
        requestId,
      };
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}

const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is too large',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
  'request.aborted': 'The request was aborted',
};

/** Express error middleware placed right after the body parser: its errors as ApiErrorResponse. */
export function bodyParserErrors(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const type = (error as { type?: unknown } | null)?.type;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof type !== 'string' || typeof status !== 'number' || !(type in BODY_ERRORS))
    return next(error);
  const body: ApiErrorResponse = {
    statusCode: status,
    error: ERROR_NAMES[status] ?? 'bad_request',
    message: BODY_ERRORS[type],
    requestId: (request as Request & { id?: string }).id,
  };
  response.status(status).json(body);
}
