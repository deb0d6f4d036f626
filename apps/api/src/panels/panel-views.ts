import type {
  PanelDrawAudit,
  PanelDrawJob,
  PanelDrawSummary,
  PanelLotteryResponse,
  PanelMemberResponse,
  PanelSeats,
  PanelSessionResponse,
  PanelSummary,
} from '@permanente/contracts';
import type { DrawJobRow } from './panel-draw-jobs.repository';
import type { DrawRow } from './panel-draws.repository';
import type { LotteryRow, MemberRow, PanelRow, SessionRow } from './panels.repository';

/** Rows to the shapes of `@permanente/contracts`. */

export const iso = (date: Date | string | null): string | null =>
  date === null ? null : new Date(date).toISOString();

export function seatsOf(row: PanelRow): PanelSeats {
  return {
    drawn: row.drawn_seats,
    organisation: row.organisation_seats,
    elected: row.elected_seats,
  };
}

export function toSummary(row: PanelRow): PanelSummary {
  const seats = seatsOf(row);
  return {
    id: row.id,
    campaignId: row.campaign_id,
    territoryId: row.territory_id,
    territoryName: row.territory_name,
    title: row.title,
    size: seats.drawn + seats.organisation + seats.elected,
    seats,
    callOpen: row.call_open,
    retentionUntil: row.retention_day,
    volunteerCount: row.volunteer_count,
    drawnAt: iso(row.drawn_at),
  };
}

export function toDrawSummary(row: DrawRow): PanelDrawSummary {
  return {
    id: row.id,
    kind: row.kind,
    seed: row.seed,
    fairness: row.fairness,
    algorithmVersion: row.algorithm_version,
    solverVersion: row.solver_version,
    instanceDigest: row.instance_digest,
    distributionDigest: row.distribution_digest,
    panelSize: row.panel_size,
    panel: row.panel,
    drawn: row.drawn,
    minimumProbability: row.minimum_probability,
    unselectableCount: row.unselectable.length,
    elapsedMs: row.elapsed_ms,
    createdAt: iso(row.created_at)!,
    cancelledAt: iso(row.cancelled_at),
  };
}

export function toDrawAudit(row: DrawRow): PanelDrawAudit {
  return {
    ...toDrawSummary(row),
    ticket: Number(row.ticket),
    quotas: row.quotas,
    confirmed: row.confirmed,
    excluded: row.excluded,
    pool: row.pool_snapshot,
    probabilities: row.probabilities,
    unselectable: row.unselectable,
    distribution: row.distribution,
  };
}

export function toDrawJob(row: DrawJobRow): PanelDrawJob {
  return {
    id: row.id,
    panelId: row.panel_id,
    kind: row.kind,
    status: row.status,
    seed: row.seed,
    fairness: row.fairness,
    progress: row.progress,
    error: row.error,
    drawId: row.draw_id,
    attempts: row.attempts,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export function toLottery(row: LotteryRow): PanelLotteryResponse {
  return {
    id: row.id,
    purpose: row.purpose,
    names: row.names,
    count: row.count,
    seed: row.seed,
    listDigest: row.list_digest,
    algorithmVersion: row.algorithm_version,
    drawn: row.drawn,
    createdAt: iso(row.created_at)!,
  };
}

export function toMember(row: MemberRow): PanelMemberResponse {
  return {
    id: row.id,
    category: row.category,
    name: row.name,
    status: row.status,
    volunteerPublicId: row.volunteer_public_id,
    appointedBy: row.appointed_by,
    drawId: row.draw_id,
    respondedAt: iso(row.responded_at),
  };
}

export function toSession(row: SessionRow): PanelSessionResponse {
  return {
    workshopId: row.id,
    title: row.title,
    status: row.status,
    place: row.place,
    startsAt: iso(row.starts_at),
  };
}
