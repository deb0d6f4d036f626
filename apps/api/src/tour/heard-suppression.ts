import { MINIMUM_PUBLIC_CELL } from '@permanente/contracts';

/**
 * A published total and the published cells it adds up, plus what it holds outside them
 * (`rest`: e.g. the people heard in a département outside any of its bassins). The rest is
 * treated as known to a reader, the worst case.
 */
export interface SumConstraint {
  total: string;
  parts: string[];
}

/** A count the public may not see on its own: from 1 to MINIMUM_PUBLIC_CELL − 1 people. */
export const isSmall = (count: number) => count > 0 && count < MINIMUM_PUBLIC_CELL;

/**
 * Primary and secondary (complementary) suppression of a table of counts linked by sums
 * (docs/coverage.md, "Privacy"). Primary: every count of 1 to 9 people is hidden. Secondary:
 * wherever a sum would let a reader subtract the shown cells from the shown total and find
 * the only hidden one, the smallest shown cell of that sum is hidden too (a non-zero one
 * first, the total last), until no sum has exactly one hidden cell; then a linear-algebra check
 * hides more while any hidden cell is still determined by all the sums together. `alsoHide`
 * adds the cells the page hides with another (a margin's total with any of its cells).
 *
 * Returns the hidden cells' keys.
 */
export function suppress(
  counts: ReadonlyMap<string, number>,
  constraints: readonly SumConstraint[],
  alsoHide: (hidden: ReadonlySet<string>) => Iterable<string> = () => [],
): Set<string> {
  const hidden = new Set([...counts].filter(([, n]) => isSmall(n)).map(([key]) => key));
  const value = (key: string) => counts.get(key) ?? 0;
  const cellsOf = (constraint: SumConstraint) => [...constraint.parts, constraint.total];
  /** The smallest shown cell of a sum: a non-zero part, then the total, then a zero part. */
  const complement = (constraint: SumConstraint, except: string): string | undefined => {
    const rank = (key: string) => (value(key) === 0 ? 2 : key === constraint.total ? 1 : 0);
    return cellsOf(constraint)
      .filter((key) => key !== except && !hidden.has(key))
      .sort((a, b) => rank(a) - rank(b) || value(a) - value(b) || a.localeCompare(b))[0];
  };
  const addLinked = () => {
    let added = false;
    for (const key of alsoHide(hidden))
      if (!hidden.has(key)) {
        hidden.add(key);
        added = true;
      }
    return added;
  };

  for (let changed = true; changed;) {
    changed = addLinked();
    for (const constraint of constraints) {
      const hiddenHere = cellsOf(constraint).filter((key) => hidden.has(key));
      if (hiddenHere.length !== 1) continue;
      const next = complement(constraint, hiddenHere[0]);
      if (next === undefined) continue;
      hidden.add(next);
      changed = true;
    }
    if (changed) continue;
    // Every sum has 0 or 2+ hidden cells; several sums together may still pin one down.
    const determined = recoverable(hidden, constraints)[0];
    if (determined === undefined) break;
    const around = constraints
      .filter((constraint) => cellsOf(constraint).includes(determined))
      .map((constraint) => complement(constraint, determined))
      .filter((key): key is string => key !== undefined)
      .sort((a, b) => value(a) - value(b))[0];
    if (around === undefined) break;
    hidden.add(around);
    changed = true;
  }
  return hidden;
}

/**
 * The hidden cells a reader can compute exactly from the shown ones and the sums (by
 * subtraction, and by combining sums): those whose unit vector lies in the row space of the
 * sums restricted to the hidden cells. Gaussian elimination on small integer matrices.
 */
export function recoverable(
  hidden: ReadonlySet<string>,
  constraints: readonly SumConstraint[],
): string[] {
  const variables = [...hidden].sort();
  const column = new Map(variables.map((key, index) => [key, index]));
  const rows: number[][] = [];
  for (const constraint of constraints) {
    const row = new Array<number>(variables.length).fill(0);
    let any = false;
    const add = (key: string, coefficient: number) => {
      const at = column.get(key);
      if (at === undefined) return;
      row[at] += coefficient;
      any = true;
    };
    add(constraint.total, 1);
    for (const part of constraint.parts) add(part, -1);
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < variables.length && rank < rows.length; col++) {
    const pivot = rows.findIndex((row, index) => index >= rank && Math.abs(row[col]) > 1e-9);
    if (pivot === -1) continue;
    [rows[rank], rows[pivot]] = [rows[pivot], rows[rank]];
    const lead = rows[rank][col];
    rows[rank] = rows[rank].map((x) => x / lead);
    for (let r = 0; r < rows.length; r++)
      if (r !== rank && Math.abs(rows[r][col]) > 1e-9) {
        const factor = rows[r][col];
        rows[r] = rows[r].map((x, c) => x - factor * rows[rank][c]);
      }
    pivots.push(col);
    rank++;
  }
  // A variable is determined when its pivot row has no other non-zero entry.
  return pivots
    .filter((col, r) => rows[r].every((x, c) => c === col || Math.abs(x) < 1e-9))
    .map((col) => variables[col]);
}
