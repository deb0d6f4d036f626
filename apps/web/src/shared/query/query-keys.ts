import type { ProposalListQuery } from '@permanente/contracts';

/**
 * The cache keys of the API reads, one family per resource: a write invalidates the family
 * (or the one entry) it changed, e.g. `queryKeys.proposals.all` after answering a proposal.
 * Two pages that read the same resource share its entry.
 */
export const queryKeys = {
  campaigns: ['campaigns'] as const,
  territories: {
    all: ['territories'] as const,
    tree: ['territories', 'tree'] as const,
    one: (id: string) => ['territories', 'one', id] as const,
  },
  proposals: {
    all: ['proposals'] as const,
    list: (query: ProposalListQuery) => ['proposals', 'list', query] as const,
    queue: (query: ProposalListQuery) => ['proposals', 'queue', query] as const,
    one: (id: string) => ['proposals', 'one', id] as const,
    comments: (id: string) => ['proposals', 'comments', id] as const,
    figures: (campaignId?: string, territoryId?: string) =>
      ['proposals', 'figures', campaignId ?? '', territoryId ?? ''] as const,
    notifications: ['proposals', 'notifications'] as const,
    report: (territoryId: string, campaignId: string) =>
      ['proposals', 'report', territoryId, campaignId] as const,
    answerStates: (campaignId: string) => ['proposals', 'answer-states', campaignId] as const,
  },
  workshops: {
    all: ['workshops'] as const,
    list: ['workshops', 'list'] as const,
    one: (id: string) => ['workshops', 'one', id] as const,
    snapshot: (id: string) => ['workshops', 'snapshot', id] as const,
    runSheets: ['workshops', 'run-sheets'] as const,
    /** The wall seen through its link (no account). */
    wallLink: (token: string) => ['workshops', 'wall-link', token] as const,
    /** The facilitator's view of a workshop's wall link. */
    wallLinkOf: (workshopId: string) => ['workshops', 'one', workshopId, 'wall-link'] as const,
  },
  field: {
    all: ['field'] as const,
    instance: ['field', 'instance'] as const,
    kits: ['field', 'kits'] as const,
  },
  mail: {
    outbox: (offset: number) => ['mail', 'outbox', offset] as const,
  },
  panels: {
    all: ['panels'] as const,
    list: ['panels', 'list'] as const,
    one: (id: string) => ['panels', 'one', id] as const,
    publicView: (id: string) => ['panels', 'public', id] as const,
    invitation: (token: string) => ['panels', 'invitation', token] as const,
  },
  tour: {
    all: ['tour'] as const,
    current: ['tour', 'current'] as const,
    coverage: (tourId: string) => ['tour', 'coverage', tourId] as const,
    stop: (id: string) => ['tour', 'stop', id] as const,
    planning: ['tour', 'planning'] as const,
    heard: ['tour', 'heard'] as const,
    initiatives: (query: object) => ['tour', 'initiatives', query] as const,
  },
};
