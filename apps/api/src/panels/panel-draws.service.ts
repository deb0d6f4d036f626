import { HttpStatus, Inject, Injectable, InternalServerErrorException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PANEL_DRAW_ERRORS,
  type DrawPanelRequest,
  type FieldError,
  type PanelDrawAudit,
  type PanelFairness,
  type PanelFeasibilityResponse,
  type PanelQuota,
  type PanelQuotaIssue,
  type PanelRerunResponse,
} from '@permanente/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, type Clock } from '../common/clock';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import type { QuotaIssue } from '../sortition';
import { RERUNS_PER_IP_PER_HOUR } from './panel-defaults';
import { PanelDrawJobsRepository } from './panel-draw-jobs.repository';
import { PanelDrawsRepository } from './panel-draws.repository';
import { PanelPoolRepository } from './panel-pool.repository';
import { toDrawAudit } from './panel-views';
import { PanelMailService } from './panel-mail.service';
import { PanelsRepository } from './panels.repository';
import { PanelsService, type PanelRow } from './panels.service';
import type { SortitionJob, SortitionJobResult } from './sortition-job';
import { SortitionRunner } from './sortition-runner.service';
import { DomainError } from '../common/domain-error';

/** 422: the quotas cannot be met; `fields` names each quota at fault (`quotas.gender=woman`). */
export class UnmeetableQuotasException extends InvalidFieldsException {
  constructor(readonly issues: PanelQuotaIssue[]) {
    super(
      issues.flatMap((issue) =>
        (issue.quotas.length > 0 ? issue.quotas : ['(pool)']).map((quota): FieldError => ({
          field: `quotas.${quota}`,
          reason: issue.message,
          code: PANEL_DRAW_ERRORS.infeasible,
        })),
      ),
    );
  }

  override get status(): number {
    return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

export function toQuotaIssue(issue: QuotaIssue): PanelQuotaIssue {
  const name = (q: { feature: string; value: string }) => `${q.feature}=${q.value}`;
  return {
    kind: issue.kind,
    message: issue.message,
    quotas: issue.quotas.map(name),
    features: [...issue.features],
    conflictingBounds: issue.conflictingBounds?.map(
      (b) => `${name(b.quota)} ${b.bound === 'min' ? '>=' : '<='} ${b.quota[b.bound]}`,
    ),
    relaxableFeatures: issue.relaxableFeatures ? [...issue.relaxableFeatures] : undefined,
  };
}

const SEED_PATTERN = /^[^\p{C}]{1,200}$/u;

/**
 * Draws: the initial draw (feasibility first, the fair distribution in a worker thread, then
 * everything stored in one transaction), cancellation, replacement draws and the public re-run.
 */
@Injectable()
export class PanelDrawsService {
  /** Panels with a draw being computed in this process (a second one is a conflict). */
  private readonly computing = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly panelsRepository: PanelsRepository,
    private readonly repository: PanelDrawsRepository,
    private readonly poolRepository: PanelPoolRepository,
    private readonly jobs: PanelDrawJobsRepository,
    private readonly runner: SortitionRunner,
    private readonly audit: AuditService,
    private readonly mail: PanelMailService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  /** Runs a job; turns the worker's refusals into HTTP errors. */
  private async compute(job: SortitionJob): Promise<SortitionJobResult> {
    const reply = await this.runner.run(job);
    if (reply.ok && 'result' in reply) return reply.result;
    if (reply.ok) throw new InternalServerErrorException('Unexpected reply of the draw engine');
    if (reply.kind === 'infeasible')
      throw new UnmeetableQuotasException(reply.issues.map(toQuotaIssue));
    if (reply.kind === 'input')
      throw new DomainError('invalid', `The draw input is invalid: ${reply.problems.join('; ')}`);
    throw new InternalServerErrorException(`The draw engine failed: ${reply.message}`);
  }

  async feasibility(actor: StaffActor, panelId: string): Promise<PanelFeasibilityResponse> {
    const row = await this.panels.rowFor(actor, panelId);
    const pool = await this.poolRepository.snapshot(panelId);
    const quotas = await this.panels.quotas(panelId);
    const reply = await this.runner.run({
      kind: 'feasibility',
      pool,
      quotas,
      panelSize: row.drawn_seats,
      seed: 'feasibility',
      fairness: row.fairness,
    });
    const base = { poolSize: pool.length, seatsToDraw: row.drawn_seats };
    if (reply.ok && 'unselectable' in reply)
      return {
        feasible: true,
        issues: [],
        ...base,
        unselectable: reply.unselectable.map((group) => ({
          ...group,
          reason: `no panel of ${row.drawn_seats} meeting the quotas includes anyone with ${Object.entries(
            group.features,
          )
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')}`,
        })),
      };
    if (reply.ok) return { feasible: true, issues: [], ...base, unselectable: [] };
    if (reply.kind === 'infeasible')
      return {
        feasible: false,
        issues: reply.issues.map(toQuotaIssue),
        ...base,
        unselectable: [],
      };
    throw new DomainError(
      'invalid',
      reply.kind === 'input' ? reply.problems.join('; ') : reply.message,
    );
  }

  /**
   * Checks that a draw may start (seed, not drawn, seats, pool not erased) and that the pool can
   * meet the quotas (422 naming them otherwise, before anything is queued).
   */
  async checkDrawable(
    actor: StaffActor,
    panelId: string,
    request: DrawPanelRequest,
  ): Promise<{ row: PanelRow; seed: string; fairness: PanelFairness }> {
    const row = await this.panels.rowFor(actor, panelId);
    const seed = request.seed ?? row.announced_seed;
    if (!seed)
      throw invalidField(
        'body.seed',
        'a public seed is required (or announce one first)',
        'seedRequired',
      );
    if (!SEED_PATTERN.test(seed))
      throw invalidField('body.seed', 'the seed is 1 to 200 printable characters', 'seedFormat');
    if (row.drawn_at !== null)
      throw new DomainError('conflict', 'This panel is already drawn: cancel that draw first');
    if (row.drawn_seats === 0) throw new DomainError('conflict', 'This panel has no drawn seats');
    if (row.pool_erased_at !== null)
      throw new DomainError(
        'conflict',
        'The pool’s contacts were erased: a new draw could not reach anyone',
      );
    const pool = await this.poolRepository.snapshot(panelId);
    const reply = await this.runner.run({
      kind: 'check',
      pool,
      quotas: await this.panels.quotas(panelId),
      panelSize: row.drawn_seats,
      seed,
      fairness: row.fairness,
    });
    if (!reply.ok && reply.kind === 'infeasible')
      throw new UnmeetableQuotasException(reply.issues.map(toQuotaIssue));
    if (!reply.ok && reply.kind === 'input')
      throw new DomainError('invalid', `The draw input is invalid: ${reply.problems.join('; ')}`);
    return { row, seed, fairness: request.fairness ?? row.fairness };
  }

  /**
   * Stores a computed draw and its drawn members in one transaction. For a job, only while the
   * job is still running (a cancelled job's result is dropped: returns null), and the job is
   * marked done in the same transaction.
   */
  async store(
    userId: string | null,
    row: PanelRow,
    kind: 'initial' | 'replacement',
    input: {
      pool: SortitionJob['pool'];
      quotas: PanelQuota[];
      fairness: PanelFairness;
      result: SortitionJobResult;
      confirmed?: string[];
      excluded?: string[];
      jobId?: string;
    },
  ): Promise<PanelDrawAudit | null> {
    const { result } = input;
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.panelsRepository.lock(manager, row.id);
        if (input.jobId && (await this.jobs.lock(manager, input.jobId))?.status !== 'running')
          return null;
        const draw = await this.repository.insert(manager, {
          panelId: row.id,
          kind,
          fairness: input.fairness,
          panelSize: row.drawn_seats,
          pool: input.pool,
          quotas: input.quotas,
          confirmed: input.confirmed ?? [],
          excluded: input.excluded ?? [],
          result,
          createdBy: userId,
          createdAt: this.clock.now(),
        });
        await this.audit.record(manager, {
          actorUserId: userId,
          action: kind === 'initial' ? 'panel.drawn' : 'panel.replacement.drawn',
          targetType: 'panel',
          targetId: row.id,
          details: {
            drawId: draw.id,
            seed: result.seed,
            algorithmVersion: result.algorithmVersion,
            drawn: result.drawn.length,
          },
        });
        if (input.jobId)
          await this.jobs.finish(manager, input.jobId, { status: 'done', drawId: draw.id });
        await this.mail.drawFinished(manager, row, {
          id: draw.id,
          drawn: result.drawn.length,
          userId,
        });
        return toDrawAudit(draw);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'panel_draws_one_active_key'
      )
        throw new DomainError('conflict', 'This panel is already drawn: cancel that draw first');
      throw error;
    }
  }

  /** Cancels the active draw and every replacement after it; their members leave the panel. */
  async cancel(actor: StaffActor, panelId: string, drawId: string): Promise<PanelDrawAudit> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.panels.rowFor(actor, panelId, manager);
      await this.panelsRepository.lock(manager, panelId);
      const draw = await this.repository.find(panelId, drawId, manager);
      if (!draw) throw new DomainError('not_found', `No draw ${drawId} for this panel`);
      if (draw.kind !== 'initial' || draw.cancelled_at !== null)
        throw new DomainError('conflict', 'Only the active initial draw can be cancelled');
      if (row.pool_erased_at !== null)
        throw new DomainError(
          'conflict',
          'The pool was erased: this draw can no longer be cancelled',
        );
      const now = this.clock.now();
      await this.repository.cancelAll(manager, panelId, now);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.draw.cancelled',
        targetType: 'panel',
        targetId: panelId,
        details: { drawId },
      });
      return toDrawAudit({ ...draw, cancelled_at: now });
    });
  }

  /**
   * Checks that a replacement draw may start (the seed, a draw to complete, someone who declined)
   * and returns the panel and the fairness of its initial draw; the job then computes it.
   */
  async checkReplaceable(
    actor: StaffActor,
    panelId: string,
    seed: string,
  ): Promise<{ row: PanelRow; fairness: PanelFairness }> {
    if (!SEED_PATTERN.test(seed))
      throw invalidField('body.seed', 'the seed is 1 to 200 printable characters', 'seedFormat');
    const row = await this.panels.rowFor(actor, panelId);
    const prepared = await this.replacementInput(row, seed);
    if (typeof prepared === 'string') throw new DomainError('conflict', prepared);
    if (this.computing.has(panelId) || (await this.jobs.active(panelId)))
      throw new DomainError('conflict', 'A draw is already running');
    return { row, fairness: prepared.job.fairness };
  }

  /**
   * What a replacement draw computes, read when it runs: everyone still on the panel is
   * confirmed (they count towards the quotas), every decliner is excluded, and the whole panel
   * must still meet every quota of the initial draw. A string says why there is nothing to do.
   */
  async replacementInput(
    row: PanelRow,
    seed: string,
  ): Promise<{ job: SortitionJob; confirmed: string[]; excluded: string[] } | string> {
    const initial = await this.repository.active(row.id);
    if (!initial) return 'The panel is not drawn yet';
    const members = await this.repository.drawnMembers(row.id);
    const confirmed = members.filter((m) => m.status !== 'declined').map((m) => m.public_id);
    const excluded = members.filter((m) => m.status === 'declined').map((m) => m.public_id);
    if (confirmed.length >= row.drawn_seats) return 'No seat to fill: no drawn member declined';
    return {
      job: {
        pool: initial.pool_snapshot,
        quotas: initial.quotas,
        panelSize: row.drawn_seats,
        seed,
        fairness: initial.fairness,
        confirmed,
        excluded,
      },
      confirmed,
      excluded,
    };
  }

  /** Anyone may re-run a stored draw from its public inputs and compare. */
  async rerun(panelId: string, drawId: string, ip: string): Promise<PanelRerunResponse> {
    const decision = await this.limiter.consume(
      `panel-rerun:ip:${ip}`,
      RERUNS_PER_IP_PER_HOUR,
      60 * 60 * 1000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many re-runs: try again later',
        decision.retryAfterMs,
      );
    const draw = await this.repository.find(panelId, drawId);
    if (!draw) throw new DomainError('not_found', `No draw ${drawId} for this panel`);
    const result = await this.compute({
      pool: draw.pool_snapshot,
      quotas: draw.quotas,
      panelSize: draw.panel_size,
      seed: draw.seed,
      fairness: draw.fairness,
      ...(draw.kind === 'replacement'
        ? { confirmed: draw.confirmed, excluded: draw.excluded }
        : {}),
    });
    const identical =
      result.instanceDigest === draw.instance_digest &&
      result.distributionDigest === draw.distribution_digest &&
      JSON.stringify(result.panel) === JSON.stringify(draw.panel) &&
      result.algorithmVersion === draw.algorithm_version;
    return {
      drawId,
      identical,
      panel: result.panel,
      instanceDigest: result.instanceDigest,
      distributionDigest: result.distributionDigest,
      elapsedMs: result.elapsedMs,
    };
  }
}
