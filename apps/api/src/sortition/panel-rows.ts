import type { Problem } from './problem';

/**
 * The rows of an LP or integer program over profile columns (column t = seats or members of
 * profile t), built row by row in compressed sparse row form, as HiGHS takes them.
 */
export class PanelRows {
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];

  get count(): number {
    return this.rowLower.length;
  }

  /** Adds one (column, coefficient) entry to the row being built. */
  push(column: number, value: number): void {
    this.indices.push(column);
    this.values.push(value);
  }

  /** Ends the row being built with its bounds. */
  end(lower: number, upper: number): void {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.starts.push(this.indices.length);
  }

  /**
   * The rows every panel satisfies: the seats to fill (all profile columns sum to it), then
   * one row per quota over its profiles, bounded by `bounds(quota, i)` (its min and max, or
   * relaxed ones).
   */
  static ofPanel(
    problem: Problem,
    bounds: (quota: Problem['quotas'][number], i: number) => [number, number] = (quota) => [
      quota.min,
      quota.max,
    ],
  ): PanelRows {
    const rows = new PanelRows();
    for (let t = 0; t < problem.profiles.length; t += 1) rows.push(t, 1);
    rows.end(problem.seatsToFill, problem.seatsToFill);
    problem.quotas.forEach((quota, i) => {
      for (const t of quota.profileIndices) rows.push(t, 1);
      rows.end(...bounds(quota, i));
    });
    return rows;
  }
}
