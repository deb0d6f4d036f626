import { DomainError } from '../common/domain-error';
import { cleanText, requireUuid } from './text.util';

describe('cleanText', () => {
  it('normalises spaces, newlines and Unicode forms', () => {
    expect(cleanText('  Des  bus\nle soir\t ', 'text', 280)).toBe('Des bus le soir');
    expect(cleanText('Mobilite\u0301', 'text', 280)).toBe('Mobilité');
    expect(cleanText('Pistes\u200b cyclables', 'text', 280)).toBe('Pistes cyclables');
  });

  it.each([
    ['', 'text is empty'],
    ['   ', 'text is empty'],
    ['\u0000\u0007\u200b', 'text is empty'],
    ['x'.repeat(281), 'text is longer than 280 characters'],
    [42, 'text must be a text'],
  ])('refuses %j', (input, message) => {
    expect(() => cleanText(input, 'text', 280)).toThrow(
      new DomainError('invalid', message, 'text'),
    );
  });

  it('accepts exactly the maximum length', () => {
    expect(cleanText('é'.repeat(280), 'text', 280)).toHaveLength(280);
  });
});

describe('requireUuid', () => {
  it('accepts a UUID and refuses anything else', () => {
    expect(requireUuid('0B8F3C1E-8A4B-4C7E-9F00-123456789ABC', 'clientId')).toBe(
      '0b8f3c1e-8a4b-4c7e-9f00-123456789abc',
    );
    expect(() => requireUuid('1234', 'clientId')).toThrow(DomainError);
    expect(() => requireUuid(undefined, 'clientId')).toThrow(DomainError);
  });
});
