import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives each request an id (kept from a proxy's `x-request-id` when well-formed), returns
 * it in the response, and logs one structured line per request when it finishes.
 */
export function requestLogger(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.header('x-request-id');
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (request as Request & { id?: string }).id = id;
  response.setHeader('x-request-id', id);
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const entry = {
      msg: 'request',
      requestId: id,
      method: request.method,
      path: request.originalUrl.split('?')[0],
      status: response.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    };
    if (response.statusCode >= 500) logger.error(entry);
    else logger.log(entry);
  });
  next();
}
