import { SortitionInputError } from './errors';
import { Sha256Prng, compareCodeUnits, sha256Hex } from './prng';
import { SORTITION_ALGORITHM_VERSION } from './types';

export interface LotteryInput {
  /** The names (or ids) entered, each once; their order does not matter. */
  readonly names: readonly string[];
  /** How many to draw. */
  readonly count: number;
  /** The public seed. */
  readonly seed: string;
}

export interface LotteryResult {
  readonly algorithmVersion: string;
  /** SHA-256 of the canonical list: JSON of the names sorted by code unit. */
  readonly listDigest: string;
  readonly seed: string;
  /** The names drawn, in the order drawn. */
  readonly drawn: readonly string[];
}

/**
 * A simple public lottery (e.g. for appointed seats): `count` names among `names`, each subset
 * equally likely. The names are sorted by code unit, then drawn by a partial Fisher–Yates shuffle
 * with the SHA-256 counter PRNG keyed by ('permanente-sortition/lottery', algorithm version,
 * list digest, count, seed): same list, count and seed, same names in the same order.
 */
export function publicLottery(input: LotteryInput): LotteryResult {
  const problems: string[] = [];
  const { names, count, seed } = input;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '')) {
    problems.push('names must be non-empty strings');
  } else if (new Set(names).size !== names.length) {
    problems.push('names must be distinct');
  }
  if (!Number.isSafeInteger(count) || count < 0 || (Array.isArray(names) && count > names.length)) {
    problems.push(`count must be an integer between 0 and the number of names, got ${count}`);
  }
  if (typeof seed !== 'string' || seed.length === 0)
    problems.push('the seed must be a non-empty string');
  if (problems.length > 0) throw new SortitionInputError(problems);

  const sorted = [...names].sort(compareCodeUnits);
  const listDigest = sha256Hex(JSON.stringify(sorted));
  const prng = Sha256Prng.fromParts([
    'permanente-sortition/lottery',
    SORTITION_ALGORITHM_VERSION,
    listDigest,
    String(count),
    seed,
  ]);
  return {
    algorithmVersion: SORTITION_ALGORITHM_VERSION,
    listDigest,
    seed,
    drawn: prng.sample(sorted, count),
  };
}
