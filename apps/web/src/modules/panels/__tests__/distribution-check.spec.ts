import type { PanelDrawAudit, PublishedDistribution } from '@permanente/contracts';
import { checkDistribution } from '../distribution-check';

// Two profiles (a: v-1, v-2; b: v-3, v-4), one seat each way: 2 seats, two compositions.
const distribution: PublishedDistribution = {
  format: 'permanente.sortition-distribution/1',
  algorithmVersion: 'permanente-sortition/1.0.0',
  instanceDigest: 'x',
  fairness: 'leximin',
  seatsToFill: 2,
  confirmedIds: [],
  probabilityScale: 1_000_000_000,
  profiles: [
    ['a', ['v-1', 'v-2']],
    ['b', ['v-3', 'v-4']],
  ],
  compositions: [
    [[1, 1], 600_000_000],
    [[2, 0], 400_000_000],
  ],
};

function draw(overrides: Partial<PanelDrawAudit> = {}): PanelDrawAudit {
  return {
    id: 'd',
    kind: 'initial',
    seed: 's',
    fairness: 'leximin',
    algorithmVersion: 'permanente-sortition/1.0.0',
    solverVersion: 'HiGHS',
    instanceDigest: 'x',
    distributionDigest: 'y',
    panelSize: 2,
    panel: ['v-1', 'v-2'],
    drawn: ['v-1', 'v-2'],
    minimumProbability: 0.3,
    unselectableCount: 0,
    elapsedMs: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    cancelledAt: null,
    ticket: 700_000_000,
    quotas: [],
    confirmed: [],
    excluded: [],
    pool: ['v-1', 'v-2', 'v-3', 'v-4'].map((id) => ({ id, features: {} })),
    // a: (0.6 + 2 × 0.4) / 2 = 0.7; b: 0.6 / 2 = 0.3
    probabilities: { 'v-1': 0.7, 'v-2': 0.7, 'v-3': 0.3, 'v-4': 0.3 },
    unselectable: [],
    distribution,
    ...overrides,
  };
}

describe('checkDistribution (the audit page’s check)', () => {
  it('recomputes the probabilities and finds the composition the ticket picks', () => {
    expect(checkDistribution(draw())).toMatchObject({ ok: true, picked: 1, compositions: 2 });
  });

  it('fails on an altered weight, a changed probability or a panel the ticket does not pick', () => {
    const altered = {
      ...distribution,
      compositions: [
        [[1, 1], 610_000_000],
        [[2, 0], 390_000_000],
      ] as PublishedDistribution['compositions'],
    };
    expect(checkDistribution(draw({ distribution: altered }))?.failures).toContain('probabilities');
    expect(
      checkDistribution(
        draw({ probabilities: { 'v-1': 0.7, 'v-2': 0.7, 'v-3': 0.31, 'v-4': 0.3 } }),
      )?.failures,
    ).toEqual(['probabilities']);
    expect(checkDistribution(draw({ panel: ['v-1', 'v-3'] }))?.failures).toEqual(['pick']);
    expect(checkDistribution(draw({ distribution: null }))).toBeNull();
  });
});
