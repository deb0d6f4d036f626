import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { isInvalidInputForDatabase } from './database-input-error';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isInvalidInputForDatabase', () => {
  it.each([
    ['a NUL in text (22021)', withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['a malformed uuid (22P02)', new QueryFailedError('SELECT', [], withCode('22P02'))],
    ['a NUL escape in jsonb (22P05)', withCode('22P05')],
    ['a text too long for its column (22001)', withCode('22001')],
    ['a null in a NOT NULL column (23502)', withCode('23502')],
  ])('recognises %s', (_, error) => {
    expect(isInvalidInputForDatabase(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a lost connection', withCode('ECONNRESET')],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', null],
  ])('leaves %s alone', (_, error) => {
    expect(isInvalidInputForDatabase(error)).toBe(false);
  });
});

describe('AllExceptionsFilter and values the database refuses', () => {
  it('answers 400 with the usual error shape, without the database message', () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      headersSent: false,
      setHeader: () => undefined,
      status(status: number) {
        sent.status = status;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ id: 'r1', method: 'POST', originalUrl: '/api/x', path: '/api/x' }),
        getResponse: () => response,
      }),
    } as unknown as ArgumentsHost;
    new AllExceptionsFilter().catch(
      new QueryFailedError('INSERT', [], withCode('22021', 'invalid byte sequence: 0x00')),
      host,
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({
      statusCode: 400,
      error: 'bad_request',
      message: expect.stringContaining('cannot be stored'),
      requestId: 'r1',
    });
  });
});
