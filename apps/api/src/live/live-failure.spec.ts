import { handshakeErrorCode, LiveFailure } from './live-failure';

describe('handshakeErrorCode', () => {
  it('answers a true refusal with its own code', () => {
    expect(handshakeErrorCode(new LiveFailure('unauthorized', 'Unknown participant'))).toBe(
      'unauthorized',
    );
    expect(handshakeErrorCode(new LiveFailure('forbidden', 'Origin not allowed'))).toBe(
      'forbidden',
    );
    expect(handshakeErrorCode(new LiveFailure('not_found', 'No such workshop'))).toBe('not_found');
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
