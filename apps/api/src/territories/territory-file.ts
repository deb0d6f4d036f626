import {
  childLevelOf,
  isTerritoryLevel,
  TERRITORY_LEVELS,
  TerritoryFile,
  TerritoryFileNode,
  TerritoryLevel,
} from '@permanente/contracts';

export const TERRITORY_FILE_FORMAT = 'permanente.territories/1';

/** Everything wrong with a territory data file, one line per problem. */
export class TerritoryFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid territory file: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    );
    this.name = 'TerritoryFileError';
  }
}

/** A node of the file, flattened: parents always come before their children. */
export interface FlatTerritory {
  code: string;
  inseeCode: string | null;
  name: string;
  level: TerritoryLevel;
  population: number | null;
  parentCode: string | null;
}

const MAX_CODE = 64;
const MAX_NAME = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed data file and flattens its tree. A region is data, not code: any region
 * (or country) in this format loads without touching the program.
 */
export function parseTerritoryFile(input: unknown): {
  file: TerritoryFile;
  territories: FlatTerritory[];
} {
  const problems: string[] = [];
  if (!isRecord(input)) throw new TerritoryFileError(['the file must hold a JSON object']);
  if (input['format'] !== TERRITORY_FILE_FORMAT) {
    problems.push(`"format" must be "${TERRITORY_FILE_FORMAT}"`);
  }
  if (!isRecord(input['root'])) {
    problems.push('"root" must be an object (the widest territory)');
    throw new TerritoryFileError(problems);
  }
  const territories: FlatTerritory[] = [];
  const seen = new Set<string>();

  const visit = (node: unknown, where: string, parent: FlatTerritory | null): void => {
    if (!isRecord(node)) {
      problems.push(`${where} must be an object`);
      return;
    }
    const { code, inseeCode, name, level, population, children } = node;
    const label = typeof code === 'string' && code ? `${where} (${code})` : where;
    const before = problems.length;
    if (typeof code !== 'string' || !code.trim() || code.length > MAX_CODE) {
      problems.push(`${label}: "code" must be a non-empty text of at most ${MAX_CODE} characters`);
    } else if (seen.has(code)) {
      problems.push(`${label}: "code" ${code} appears more than once`);
    }
    if (typeof name !== 'string' || !name.trim() || name.length > MAX_NAME) {
      problems.push(`${label}: "name" must be a non-empty text of at most ${MAX_NAME} characters`);
    }
    if (!isTerritoryLevel(level)) {
      problems.push(`${label}: "level" must be one of ${TERRITORY_LEVELS.join(', ')}`);
    } else if (parent && childLevelOf(parent.level) !== level) {
      problems.push(`${label}: a ${level} cannot be inside a ${parent.level}`);
    }
    if (
      inseeCode !== undefined &&
      inseeCode !== null &&
      (typeof inseeCode !== 'string' || !inseeCode.trim())
    ) {
      problems.push(`${label}: "inseeCode" must be a text or null`);
    }
    if (
      population !== undefined &&
      population !== null &&
      !(
        typeof population === 'number' &&
        Number.isInteger(population) &&
        population >= 0 &&
        population <= 2_000_000_000
      )
    ) {
      problems.push(`${label}: "population" must be a whole number of inhabitants or null`);
    }
    if (children !== undefined && !Array.isArray(children)) {
      problems.push(`${label}: "children" must be a list`);
    }
    if (problems.length > before) return;
    const flat: FlatTerritory = {
      code: (code as string).trim(),
      inseeCode: typeof inseeCode === 'string' ? inseeCode.trim() : null,
      name: (name as string).trim(),
      level: level as TerritoryLevel,
      population: typeof population === 'number' ? population : null,
      parentCode: parent?.code ?? null,
    };
    seen.add(flat.code);
    territories.push(flat);
    ((children as unknown[] | undefined) ?? []).forEach((child, index) =>
      visit(child, `${where}.children[${index}]`, flat),
    );
  };

  visit(input['root'], 'root', null);
  if (problems.length > 0) throw new TerritoryFileError(problems);
  return { file: input as unknown as TerritoryFile, territories };
}

export type { TerritoryFileNode };
