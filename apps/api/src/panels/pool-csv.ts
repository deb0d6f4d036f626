import type { FieldError, PanelFeature } from '@permanente/contracts';

/** Columns of a paper-application CSV besides the feature keys. */
export const CONTACT_COLUMNS = ['name', 'email', 'phone', 'birthYear'] as const;
export const MAX_IMPORT_ROWS = 10_000;

export interface ParsedApplication {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** Optional (column `birthYear`): with the name, it finds the same person twice. */
  birthYear: number | null;
  features: Record<string, string>;
}

/**
 * RFC 4180 CSV (quotes, doubled quotes, CRLF or LF), with a comma or — as French spreadsheets
 * write it — a semicolon, whichever the header uses. Blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((cells) => cells.map((cell) => cell.trim()));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 .()-]{6,20}$/;

/** Checks one applicant's contact and features; returns the problems as field errors. */
export function checkApplication(
  features: readonly PanelFeature[],
  input: {
    name: string;
    email: string | null;
    phone: string | null;
    features: Record<string, string>;
  },
  fieldOf: (column: string) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name.length === 0 || input.name.length > 200)
    errors.push({
      field: fieldOf('name'),
      reason: 'a name (1 to 200 characters) is required',
      code: 'required',
    });
  if (input.email && !EMAIL.test(input.email))
    errors.push({
      field: fieldOf('email'),
      reason: `"${input.email}" is not an email address`,
      code: 'isEmail',
    });
  if (input.phone && !PHONE.test(input.phone))
    errors.push({
      field: fieldOf('phone'),
      reason: `"${input.phone}" is not a phone number`,
      code: 'isPhone',
    });
  if (!input.email && !input.phone)
    errors.push({
      field: fieldOf('email'),
      reason: 'an email address or a phone number is required',
      code: 'contactRequired',
    });
  for (const feature of features) {
    const value = input.features[feature.key];
    if (value === undefined || value === '')
      errors.push({
        field: fieldOf(feature.key),
        reason: `${feature.key} is required`,
        code: 'required',
      });
    else if (!feature.values.some((allowed) => allowed.value === value))
      errors.push({
        field: fieldOf(feature.key),
        reason: `unknown value "${value}" for ${feature.key} (allowed: ${feature.values.map((v) => v.value).join(', ')})`,
        code: 'unknownValue',
      });
  }
  for (const key of Object.keys(input.features))
    if (!features.some((feature) => feature.key === key))
      errors.push({
        field: fieldOf(key),
        reason: `${key} is not a feature of this panel`,
        code: 'unknownFeature',
      });
  return errors;
}

/**
 * Parses and checks a whole file. Either every row is valid (`applications`) or `errors` lists
 * every problem, by line and column (`body.csv.line3.gender`): nothing is stored then.
 */
export function readApplicationsCsv(
  text: string,
  features: readonly PanelFeature[],
): { applications: ParsedApplication[]; errors: FieldError[] } {
  const rows = parseCsv(text).filter((cells) => cells.some((cell) => cell !== ''));
  const errors: FieldError[] = [];
  if (rows.length < 2)
    return {
      applications: [],
      errors: [
        {
          field: 'body.csv',
          reason: 'the file needs a header line and at least one application',
          code: 'empty',
        },
      ],
    };
  if (rows.length - 1 > MAX_IMPORT_ROWS)
    return {
      applications: [],
      errors: [
        {
          field: 'body.csv',
          reason: `at most ${MAX_IMPORT_ROWS} applications per file`,
          code: 'tooManyRows',
        },
      ],
    };
  const header = rows[0];
  const expected = ['name', ...features.map((feature) => feature.key)];
  const known = new Set<string>([...CONTACT_COLUMNS, ...features.map((feature) => feature.key)]);
  for (const column of expected)
    if (!header.includes(column))
      errors.push({
        field: `body.csv.columns.${column}`,
        reason: `the column "${column}" is missing`,
        code: 'missingColumn',
      });
  for (const column of header)
    if (!known.has(column))
      errors.push({
        field: `body.csv.columns.${column || '(empty)'}`,
        reason: `unknown column "${column}" (expected: ${[...known].join(', ')})`,
        code: 'unknownColumn',
      });
  header.forEach((column, index) => {
    if (column && header.indexOf(column) !== index)
      errors.push({
        field: `body.csv.columns.${column}`,
        reason: `the column "${column}" appears twice`,
        code: 'duplicateColumn',
      });
  });
  if (errors.length > 0) return { applications: [], errors };

  const applications: ParsedApplication[] = [];
  rows.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const cell = (column: string) => {
      const at = header.indexOf(column);
      return at < 0 ? '' : (cells[at] ?? '');
    };
    if (cells.length !== header.length)
      errors.push({
        field: `body.csv.line${line}`,
        reason: `line ${line} has ${cells.length} cells, the header ${header.length}`,
        code: 'cellCount',
      });
    const year = cell('birthYear');
    const birthYear = year === '' ? null : Number(year);
    if (
      birthYear !== null &&
      !(Number.isInteger(birthYear) && birthYear >= 1900 && birthYear <= 2100)
    )
      errors.push({
        field: `body.csv.line${line}.birthYear`,
        reason: `"${year}" is not a year of birth`,
        code: 'birthYear',
      });
    const application: ParsedApplication = {
      line,
      name: cell('name'),
      email: cell('email') || null,
      phone: cell('phone') || null,
      birthYear,
      features: Object.fromEntries(features.map((feature) => [feature.key, cell(feature.key)])),
    };
    errors.push(
      ...checkApplication(features, application, (column) => `body.csv.line${line}.${column}`),
    );
    applications.push(application);
  });
  return errors.length > 0 ? { applications: [], errors } : { applications, errors };
}
