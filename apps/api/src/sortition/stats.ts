/** Spread of a list of selection probabilities. */
export interface Spread {
  readonly count: number;
  readonly min: number;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly mean: number;
  /** max / min (Infinity when min is 0). */
  readonly maxOverMin: number;
  /** Gini coefficient: 0 when everyone has the same probability. */
  readonly gini: number;
}

/** Quantile with linear interpolation between order statistics (R's type 7). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function spread(values: Iterable<number>): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) throw new RangeError('spread of an empty list');
  const total = sorted.reduce((sum, v) => sum + v, 0);
  // Gini = Σ_i (2i − n − 1) x_(i) / (n Σ x), with x sorted ascending and i from 1.
  const weighted = sorted.reduce((sum, v, i) => sum + (2 * (i + 1) - count - 1) * v, 0);
  const min = sorted[0];
  const max = sorted[count - 1];
  return {
    count,
    min,
    p10: quantile(sorted, 0.1),
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max,
    mean: total / count,
    maxOverMin: min > 0 ? max / min : Number.POSITIVE_INFINITY,
    gini: total > 0 ? weighted / (count * total) : 0,
  };
}
