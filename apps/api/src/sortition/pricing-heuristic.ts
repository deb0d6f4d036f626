import type { Problem } from './problem';

/**
 * Cheap pricing before the integer program: local search by swaps over panel compositions.
 *
 * Column generation needs, each round, some quota-satisfying panel whose total price
 * Σ_t y_t c_t beats the LP's dual value u. The panels already in the LP's support are worth
 * exactly u; a swap (one member of profile a leaves, one of profile b joins) changes the price by
 * y_b − y_a and keeps every quota when the quotas that a counts for and b does not can lose a
 * member, and those b counts for and a does not can take one. Starting from panels of the support
 * and taking the best swap until none improves (steepest ascent) very often yields improving
 * panels for the cost of a few thousand bit operations, where the integer program costs
 * milliseconds to tens of milliseconds. It proves nothing: when it finds no improving panel, the
 * integer program is solved as before, and every stage still ends with an integer program solved
 * to proven optimality. Deterministic: no randomness, no clock.
 */
export class SwapSearch {
  private readonly sizes: Int32Array;
  private readonly mins: Int32Array;
  private readonly maxes: Int32Array;
  private readonly quotasOf: readonly (readonly number[])[];
  /** 32-bit words per quota set. */
  private readonly words: number;
  /** Quota set of profile t: words [t * words, (t + 1) * words). */
  private readonly masks: Int32Array;

  constructor(problem: Problem) {
    this.sizes = Int32Array.from(problem.profiles, (p) => p.memberIds.length);
    this.mins = Int32Array.from(problem.quotas, (q) => q.min);
    this.maxes = Int32Array.from(problem.quotas, (q) => q.max);
    this.quotasOf = problem.profileQuotas;
    this.words = Math.max(1, Math.ceil(problem.quotas.length / 32));
    this.masks = new Int32Array(problem.profiles.length * this.words);
    problem.profileQuotas.forEach((quotas, t) => {
      for (const q of quotas) this.masks[t * this.words + (q >> 5)] |= 1 << (q & 31);
    });
  }

  /**
   * Improves `start` by best swaps under `prices` (one per profile, per member), at most
   * `maxSwaps` of them; returns the panel reached (a new array; `start` is left alone) and its
   * price.
   */
  ascend(
    start: readonly number[],
    prices: readonly number[],
    maxSwaps: number,
  ): { counts: number[]; price: number } {
    const counts = [...start];
    const profiles = counts.length;
    const quotaCount = this.mins.length;
    const { words, masks } = this;
    const seated = new Int32Array(quotaCount);
    for (let t = 0; t < profiles; t += 1) {
      if (counts[t] > 0) for (const q of this.quotasOf[t]) seated[q] += counts[t];
    }
    // Quotas that cannot lose a member (at their min) or take one more (at their max).
    const atMin = new Int32Array(words);
    const atMax = new Int32Array(words);
    const refreshBounds = () => {
      atMin.fill(0);
      atMax.fill(0);
      for (let q = 0; q < quotaCount; q += 1) {
        if (seated[q] <= this.mins[q]) atMin[q >> 5] |= 1 << (q & 31);
        if (seated[q] >= this.maxes[q]) atMax[q >> 5] |= 1 << (q & 31);
      }
    };
    const swappable = (a: number, b: number) => {
      for (let w = 0; w < words; w += 1) {
        const ma = masks[a * words + w];
        const mb = masks[b * words + w];
        if ((ma & ~mb & atMin[w]) !== 0 || (mb & ~ma & atMax[w]) !== 0) return false;
      }
      return true;
    };
    // Candidates to join, highest price first; members to leave, lowest price first (ties: lower
    // index first), so that the best swap found so far prunes the scans early.
    const byPrice = Array.from({ length: profiles }, (_, t) => t).sort(
      (a, b) => prices[b] - prices[a] || a - b,
    );
    const leaving = byPrice.slice().reverse();
    refreshBounds();
    for (let swap = 0; swap < maxSwaps; swap += 1) {
      let bestGain = 1e-12;
      let bestA = -1;
      let bestB = -1;
      for (const a of leaving) {
        if (counts[a] === 0) continue;
        if (prices[byPrice[0]] - prices[a] <= bestGain) break;
        for (const b of byPrice) {
          const gain = prices[b] - prices[a];
          if (gain <= bestGain) break;
          if (counts[b] >= this.sizes[b] || !swappable(a, b)) continue;
          bestGain = gain;
          bestA = a;
          bestB = b;
          break;
        }
      }
      if (bestA < 0) break;
      counts[bestA] -= 1;
      counts[bestB] += 1;
      for (const q of this.quotasOf[bestA]) seated[q] -= 1;
      for (const q of this.quotasOf[bestB]) seated[q] += 1;
      refreshBounds();
    }
    let price = 0;
    for (let t = 0; t < profiles; t += 1) price += counts[t] * prices[t];
    return { counts, price };
  }
}
