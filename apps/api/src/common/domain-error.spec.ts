import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { DomainError, domainErrorOf, handshakeErrorCode } from './domain-error';

describe('handshakeErrorCode', () => {
  it('answers a true refusal with its own code', () => {
    expect(handshakeErrorCode(new DomainError('unauthorized', 'Unknown participant'))).toBe(
      'unauthorized',
    );
    expect(handshakeErrorCode(new DomainError('forbidden', 'Origin not allowed'))).toBe(
      'forbidden',
    );
    expect(handshakeErrorCode(new DomainError('not_found', 'No such workshop'))).toBe('not_found');
  });

  it('answers the database not answering, or any other failure, as retryable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    const typeorm = Object.assign(new Error('Connection terminated unexpectedly'), {
      driverError: new Error('Connection terminated unexpectedly'),
    });
    for (const error of [refused, poolTimeout, typeorm, new TypeError('a bug'), 'a string'])
      expect(handshakeErrorCode(error)).toBe('unavailable');
  });
});

describe('domainErrorOf', () => {
  it('keeps a domain error as it is', () => {
    const error = new DomainError('closed', 'The activity is closed', 'activityId');
    expect(domainErrorOf(error)).toBe(error);
    expect(error.status).toBe(409);
    expect(error.toLiveError()).toEqual({
      code: 'closed',
      message: 'The activity is closed',
      field: 'activityId',
    });
  });

  it('gives an HTTP exception the code of its status, once for sockets and HTTP alike', () => {
    const cases: Array<[HttpException, string]> = [
      [new BadRequestException('bad'), 'invalid'],
      [new UnauthorizedException('who'), 'unauthorized'],
      [new ForbiddenException('no'), 'forbidden'],
      [new NotFoundException('none'), 'not_found'],
      [new ConflictException('taken'), 'conflict'],
      [new HttpException('slow down', 429), 'rate_limited'],
      [new ServiceUnavailableException('later'), 'unavailable'],
    ];
    for (const [exception, code] of cases) {
      const error = domainErrorOf(exception);
      expect(error?.code).toBe(code);
      expect(error?.status).toBe(exception.getStatus());
      expect(error?.message).toBe(exception.message);
    }
  });

  it('is null for a bug or a server error, which are not refusals', () => {
    expect(domainErrorOf(new InternalServerErrorException('oops'))).toBeNull();
    expect(domainErrorOf(new TypeError('a bug'))).toBeNull();
    expect(domainErrorOf('a string')).toBeNull();
  });
});
