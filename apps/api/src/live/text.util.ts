import { DomainError } from '../common/domain-error';

/**
 * Cleans a participant's text: Unicode NFC, control and format characters removed (newlines
 * become spaces), runs of spaces collapsed. Empty, too long or control-only text is refused.
 */
export function cleanText(input: unknown, field: string, maxLength: number): string {
  if (typeof input !== 'string') throw new DomainError('invalid', `${field} must be a text`, field);
  const text = input
    .normalize('NFC')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) throw new DomainError('invalid', `${field} is empty`, field);
  if (text.length > maxLength) {
    throw new DomainError('invalid', `${field} is longer than ${maxLength} characters`, field);
  }
  return text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireUuid(input: unknown, field: string): string {
  if (typeof input !== 'string' || !UUID.test(input))
    throw new DomainError('invalid', `${field} must be a UUID`, field);
  return input.toLowerCase();
}
