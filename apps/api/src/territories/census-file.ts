import type { AgeBand } from '@permanente/contracts';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';

/**
 * Reading INSEE's published census files (docs/coverage.md, "Census margins"): CSV with a
 * header, `;` or `,` separated, one commune per line (or per line and category). Only the
 * communes of the mapping are kept, so a file for the whole of France streams through in
 * little memory.
 */
export class CensusFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid census file: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    );
    this.name = 'CensusFileError';
  }
}

export interface CensusCommune {
  code: string;
  name: string | null;
  territoryCode: string;
  population: number | null;
  postcodes: string[];
  /** Inhabitants by age band and by sex (INSEE's figures may be weighted, hence decimals). */
  margins: {
    ageBand: Partial<Record<AgeBand, number>>;
    gender: { female?: number; male?: number };
  };
}

type Row = Record<string, string>;

/** Streams the rows of a CSV; header names upper-cased, trimmed, without a leading `#`. */
async function* rows(input: Readable | string): AsyncGenerator<{ row: Row; line: number }> {
  const parser = parse({
    bom: true,
    delimiter: [';', ','],
    columns: (header: string[]) => header.map((h) => h.trim().replace(/^#/, '').toUpperCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  });
  if (typeof input === 'string') {
    parser.end(input);
  } else {
    input.pipe(parser);
  }
  let line = 1;
  for await (const row of parser as AsyncIterable<Row>) {
    line += 1;
    yield { row, line };
  }
}

function column(row: Row, names: string[]): string | undefined {
  for (const name of names) if (row[name] !== undefined) return row[name];
  return undefined;
}

const CODE = ['CODGEO', 'COM', 'DEPCOM', 'CODE_COMMUNE', 'CODE_COMMUNE_INSEE'];
const COMMUNE_CODE = /^[0-9][0-9AB][0-9]{3}$/;

function codeOf(row: Row, line: number, file: string, problems: string[]): string | null {
  const code = column(row, CODE);
  if (!code || !COMMUNE_CODE.test(code)) {
    problems.push(`${file}, line ${line}: no commune code (column CODGEO or COM, 5 characters)`);
    return null;
  }
  return code;
}

/** Age band of an age in whole years (INSEE's AGED100: 100 means 100 or more). */
export function ageBandOf(age: number): AgeBand {
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 35) return '25_34';
  if (age < 50) return '35_49';
  if (age < 65) return '50_64';
  return '65_plus';
}

export interface CensusSources {
  /** Commune → territory code (columns CODGEO, TERRITORY, optional LIBGEO). Required. */
  mapping: Readable | string;
  /** Légal populations (COM or CODGEO, Commune or LIBGEO, PMUN). */
  populations?: Readable | string;
  /** Population by sex and age (INSEE TD_POP1B: NIVGEO, CODGEO, SEXE, AGED100, NB). */
  ageSex?: Readable | string;
  /** La Poste's postcodes (Code_commune_INSEE, Code_postal). */
  postcodes?: Readable | string;
}

/** Reads the files into one record per mapped commune; throws every problem at once. */
export async function readCensus(sources: CensusSources): Promise<CensusCommune[]> {
  const problems: string[] = [];
  const communes = new Map<string, CensusCommune>();

  for await (const { row, line } of rows(sources.mapping)) {
    const code = codeOf(row, line, 'mapping', problems);
    const territory = column(row, ['TERRITORY', 'TERRITOIRE']);
    if (!territory) problems.push(`mapping, line ${line}: no territory code (column TERRITORY)`);
    if (!code || !territory) continue;
    if (communes.has(code)) problems.push(`mapping, line ${line}: commune ${code} appears twice`);
    communes.set(code, {
      code,
      name: column(row, ['LIBGEO', 'COMMUNE', 'NOM_COMMUNE']) || null,
      territoryCode: territory,
      population: null,
      postcodes: [],
      margins: { ageBand: {}, gender: {} },
    });
  }
  if (communes.size === 0) problems.push('mapping: no commune');

  if (sources.populations) {
    for await (const { row, line } of rows(sources.populations)) {
      const code = codeOf(row, line, 'populations', problems);
      const commune = code ? communes.get(code) : undefined;
      if (!commune) continue;
      const value = Number(column(row, ['PMUN', 'POPULATION', 'PTOT']));
      if (!Number.isInteger(value) || value < 0) {
        problems.push(`populations, line ${line}: PMUN must be a whole number`);
        continue;
      }
      commune.population = value;
      commune.name = column(row, ['COMMUNE', 'LIBGEO', 'NOM_COMMUNE']) || commune.name;
    }
  }

  if (sources.ageSex) {
    for await (const { row, line } of rows(sources.ageSex)) {
      const level = column(row, ['NIVGEO']);
      if (level !== undefined && level !== 'COM' && level !== 'ARM') continue;
      const code = codeOf(row, line, 'age-sex', problems);
      const commune = code ? communes.get(code) : undefined;
      if (!commune) continue;
      const sex = column(row, ['SEXE', 'SEX']);
      const age = Number(column(row, ['AGED100', 'AGEREV', 'AGE']));
      const count = Number((column(row, ['NB']) ?? '').replace(',', '.'));
      if ((sex !== '1' && sex !== '2') || !Number.isInteger(age) || age < 0) {
        problems.push(`age-sex, line ${line}: SEXE must be 1 or 2 and AGED100 a whole age`);
        continue;
      }
      if (!Number.isFinite(count) || count < 0) {
        problems.push(`age-sex, line ${line}: NB must be a number of inhabitants`);
        continue;
      }
      const band = ageBandOf(age);
      const gender = sex === '1' ? 'male' : 'female';
      commune.margins.ageBand[band] = (commune.margins.ageBand[band] ?? 0) + count;
      commune.margins.gender[gender] = (commune.margins.gender[gender] ?? 0) + count;
    }
  }

  if (sources.postcodes) {
    for await (const { row, line } of rows(sources.postcodes)) {
      const code = codeOf(row, line, 'postcodes', problems);
      const commune = code ? communes.get(code) : undefined;
      const postcode = column(row, ['CODE_POSTAL', 'POSTCODE']);
      if (!commune || !postcode) continue;
      if (!commune.postcodes.includes(postcode)) commune.postcodes.push(postcode);
    }
  }

  for (const commune of communes.values())
    if (!commune.name) problems.push(`commune ${commune.code} has no name (LIBGEO or Commune)`);
  if (problems.length > 0) throw new CensusFileError(problems);
  return [...communes.values()];
}
