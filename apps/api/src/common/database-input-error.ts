/**
 * Whether a database error was caused by a value of the request rather than by the server:
 * a text PostgreSQL cannot store (NUL, an invalid byte sequence), a malformed uuid, date or
 * number, a number or a text out of range, a null where the column has none. Validation
 * refuses these before they reach the database (text-hygiene.ts, the DTOs); this is the net
 * behind it, so that a value that slipped through is a 400 for its sender, never a 500.
 */
export function isInvalidInputForDatabase(error: unknown): boolean {
  for (const candidate of [error, (error as { driverError?: unknown } | null)?.driverError]) {
    if (!candidate || typeof candidate !== 'object') continue;
    const { code } = candidate as { code?: unknown };
    if (typeof code === 'string' && INPUT_ERROR_CODES.has(code)) return true;
  }
  return false;
}

const INPUT_ERROR_CODES = new Set([
  '22001', // string_data_right_truncation
  '22003', // numeric_value_out_of_range
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22021', // character_not_in_repertoire (NUL, invalid UTF-8)
  '22P02', // invalid_text_representation (a uuid that is not one)
  '22P05', // untranslatable_character (\u0000 in jsonb)
  '23502', // not_null_violation
]);

export const INVALID_INPUT_MESSAGE =
  'A value of the request cannot be stored as sent: check its characters, length and format';
