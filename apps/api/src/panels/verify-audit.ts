import { verifyPublishedDraw, type DrawVerification, type PublishedDraw } from '../sortition';

export interface AuditVerification {
  ok: boolean;
  draws: Array<{ id: string | undefined; seed: string } & DrawVerification>;
}

/**
 * Verifies the audit page's JSON (`GET /api/panels/:id/public`, every draw) or one draw of it,
 * without a solver: see verifyPublishedDraw.
 */
export function verifyAudit(json: unknown): AuditVerification {
  const object = json as { draws?: PublishedDraw[] } & Partial<PublishedDraw>;
  const draws: PublishedDraw[] = Array.isArray(object.draws)
    ? object.draws
    : object.distribution !== undefined
      ? [object as PublishedDraw]
      : [];
  if (draws.length === 0) throw new Error('No draw in this file: expected the audit JSON');
  const results = draws.map((draw) => ({
    id: draw.id,
    seed: draw.seed,
    ...verifyPublishedDraw(draw),
  }));
  return { ok: results.every((r) => r.ok), draws: results };
}

/** One line per draw, then its problems. */
export function describeVerification(verification: AuditVerification): string {
  return verification.draws
    .map((draw) =>
      draw.ok
        ? `draw ${draw.id ?? ''} (seed "${draw.seed}"): OK — ${draw.compositions} compositions, ` +
          `${Object.keys(draw.probabilities).length} probabilities recomputed, largest difference ${draw.largestDifference.toExponential(2)}, the seed picks the published panel`
        : `draw ${draw.id ?? ''} (seed "${draw.seed}"): FAILED\n` +
          draw.problems.map((problem) => `  - ${problem}`).join('\n'),
    )
    .join('\n');
}
