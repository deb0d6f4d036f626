import { withDe } from '@permanente/contracts';
import type { TranslateParams } from './i18n-types';

/**
 * The messages' small ICU subset, so that French reads as French ("1 votant", "2 votants",
 * "le 1er caractère", "l’étape d’Orléans"), never "votant(s)":
 *
 * - `{name}`: the value; numbers formatted for the locale (2 587 031 in French);
 * - `{count, plural, =0 {aucun vote} one {# vote} other {# votes}}`: the branch chosen by
 *   `Intl.PluralRules` (exact `=n` first), `#` being the formatted number;
 * - `{rank, selectordinal, one {#er} other {#e}}`: the same with ordinal rules;
 * - `{name, de}`: "de" before the value, elided or contracted in French ("d’Orléans",
 *   "du Blanc"); in English the template says "of" itself and should not use it.
 *
 * Branches may contain placeholders and further plurals. An unknown parameter is left as
 * written, so that a missing value shows in the page instead of disappearing.
 */
export function formatMessage(locale: string, template: string, params?: TranslateParams): string {
  if (!params || !template.includes('{')) return template;
  const numbers = new Intl.NumberFormat(locale);
  return render(template, params, locale, numbers, null);
}

const ruleCache = new Map<string, Intl.PluralRules>();
function rules(locale: string, type: Intl.PluralRuleType): Intl.PluralRules {
  const key = `${locale}:${type}`;
  let found = ruleCache.get(key);
  if (!found) {
    found = new Intl.PluralRules(locale, { type });
    ruleCache.set(key, found);
  }
  return found;
}

/** Index of the brace closing the one at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function render(
  text: string,
  params: TranslateParams,
  locale: string,
  numbers: Intl.NumberFormat,
  /** Inside a plural branch: what `#` stands for. */
  hash: string | null,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#' && hash !== null) {
      out += hash;
      i++;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    const end = closing(text, i);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    out += placeholder(text.slice(i, end + 1), params, locale, numbers, hash);
    i = end + 1;
  }
  return out;
}

function placeholder(
  whole: string,
  params: TranslateParams,
  locale: string,
  numbers: Intl.NumberFormat,
  _outerHash: string | null,
): string {
  const body = whole.slice(1, -1);
  const firstComma = body.indexOf(',');
  const name = (firstComma < 0 ? body : body.slice(0, firstComma)).trim();
  const value = params[name];
  if (value === undefined) return whole;
  if (firstComma < 0) return typeof value === 'number' ? numbers.format(value) : value;
  const rest = body.slice(firstComma + 1);
  const secondComma = rest.indexOf(',');
  const type = (secondComma < 0 ? rest : rest.slice(0, secondComma)).trim();
  if (type === 'de') return locale.startsWith('fr') ? withDe(String(value)) : String(value);
  if ((type !== 'plural' && type !== 'selectordinal') || secondComma < 0) return whole;
  const count = Number(value);
  const branches = parseBranches(rest.slice(secondComma + 1));
  const category = rules(locale, type === 'plural' ? 'cardinal' : 'ordinal').select(count);
  const branch = branches.get(`=${count}`) ?? branches.get(category) ?? branches.get('other');
  if (branch === undefined) return whole;
  return render(branch, params, locale, numbers, numbers.format(count));
}

/** `one {…} other {…}` → selector → text. */
function parseBranches(text: string): Map<string, string> {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const selector = text.slice(i, open).trim();
    const end = closing(text, open);
    if (end < 0) break;
    branches.set(selector, text.slice(open + 1, end));
    i = end + 1;
  }
  return branches;
}
