/**
 * One CSV cell (RFC 4180): quoted when needed, and defused against formula injection when it
 * starts like a spreadsheet formula (people type anything into a sticky note).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(',');
}

/** The languages of CSV exports: their headers and words follow the requester's interface. */
export const CSV_LANGUAGES = ['fr', 'en'] as const;
export type CsvLanguage = (typeof CSV_LANGUAGES)[number];

/**
 * The export's language: the `lang` query parameter (the web app sends its interface's
 * language), else the first language of Accept-Language that we have, else French.
 */
export function csvLanguage(lang: string | undefined, acceptLanguage?: string): CsvLanguage {
  if (lang === 'fr' || lang === 'en') return lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'fr';
}

/** Column headers and cell words of one export, in both languages. */
export type CsvWords<K extends string> = Record<CsvLanguage, Record<K, string>>;
