import type { FieldError } from '@permanente/contracts';

/**
 * Input hygiene: no string the API accepts may hold a NUL (U+0000) or a lone UTF-16
 * surrogate (U+D800..U+DFFF without its pair). PostgreSQL refuses NUL in text and in jsonb
 * (an error a client should never see as a 500), and a lone surrogate cannot be encoded in
 * UTF-8: the driver would silently store U+FFFD instead of what was sent. Both are refused
 * at the door, for every route (AppValidationPipe) and every live event (the gateway).
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is refused, or null when it is clean. */
export function badTextReason(text: string): { code: string; what: string } | null {
  if (text.includes('\u0000')) return { code: 'nulCharacter', what: 'a NUL character (U+0000)' };
  if (LONE_SURROGATE.test(text))
    return { code: 'loneSurrogate', what: 'a lone UTF-16 surrogate (not valid Unicode)' };
  return null;
}

/** At most this many refused fields are listed (a hostile body may hold thousands). */
const MAX_REPORTED = 10;

/**
 * Every string in `value` (walked iteratively: a deeply nested body cannot overflow the
 * stack), object keys included, checked; the refused ones named by their dotted path under
 * `root` (`body.options.2`; a bad key is reported on the object holding it).
 */
export function findBadText(value: unknown, root: string): FieldError[] {
  const refused: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  const seen = new Set<object>();
  while (stack.length > 0 && refused.length < MAX_REPORTED) {
    const [current, path] = stack.pop()!;
    const name = path.slice(path.lastIndexOf('.') + 1) || 'value';
    if (typeof current === 'string') {
      const bad = badTextReason(current);
      if (bad)
        refused.push({ field: path, reason: `${name} contains ${bad.what}`, code: bad.code });
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index];
      const bad = badTextReason(key);
      if (bad) {
        refused.push({
          field: path,
          reason: `a key of ${name} contains ${bad.what}`,
          code: bad.code,
        });
        continue;
      }
      stack.push([item, path ? `${path}.${key}` : key]);
    }
  }
  return refused;
}
