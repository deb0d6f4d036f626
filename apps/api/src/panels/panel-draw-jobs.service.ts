import {
  HttpException,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PANEL_DRAW_ERRORS,
  type DrawPanelRequest,
  type PanelDrawJob,
  type PanelDrawJobProgress,
  type PanelFairness,
} from '@permanente/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { PanelDrawJobsRepository, type DrawJobRow } from './panel-draw-jobs.repository';
import { PanelDrawsService } from './panel-draws.service';
import { PanelPoolRepository } from './panel-pool.repository';
import { toDrawJob } from './panel-views';
import { PanelsService } from './panels.service';
import type { SortitionJob, SortitionProgress } from './sortition-job';
import { SortitionAbortedError, SortitionRunner } from './sortition-runner.service';
import { DomainError, domainErrorOf } from '../common/domain-error';

/** How often the worker looks for a queued job (a new job also wakes it at once). */
const POLL_MS = 1_000;
/** How often a running job records its progress and proves its process is alive. */
const HEARTBEAT_MS = 2_000;
/** A running job whose heartbeat is older than this was interrupted: it is started again. */
export const STALE_JOB_MS = Number(process.env['SORTITION_JOB_STALE_MS']) || 10_000;
/** A draw job's time limit: long, since a job holds no request open (leximin at 5,000). */
const DEFAULT_JOB_TIMEOUT_MS = 4 * 60 * 60 * 1000;

export function toJobProgress(progress: SortitionProgress): PanelDrawJobProgress {
  const proven = Number.isFinite(progress.upperBound);
  return {
    stage: progress.stage,
    iterations: progress.iterations,
    lowerBound: progress.lowerBound,
    upperBound: proven ? progress.upperBound : null,
    gap: proven ? Math.max(0, progress.upperBound - progress.lowerBound) : null,
    fixedVolunteers: progress.fixedVolunteers,
    volunteers: progress.volunteers,
  };
}

/**
 * Draws as durable jobs. Starting a draw stores a `queued` job and answers at once; a worker in
 * every API process claims queued jobs (`FOR UPDATE SKIP LOCKED`) and runs them one at a time
 * in its own sortition worker thread, recording progress and a heartbeat every 2 s. A job whose
 * process died (restart, crash) stops beating and is claimed again after STALE_JOB_MS: the draw
 * is deterministic, so running it again gives the same panel. Cancelling marks the job; the
 * worker sees it at the next heartbeat and ends the computation; a result that arrives after a
 * cancellation is dropped.
 */
@Injectable()
export class PanelDrawJobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PanelDrawJobs');
  /** Its own worker thread, so that feasibility checks and re-runs never wait behind a job. */
  readonly runner = new SortitionRunner();
  private timer?: NodeJS.Timeout;
  private busy = false;
  private stopping = false;
  private paused = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly draws: PanelDrawsService,
    private readonly repository: PanelDrawJobsRepository,
    private readonly pool: PanelPoolRepository,
    private readonly audit: AuditService,
  ) {
    this.runner.timeoutMs =
      Number(process.env['SORTITION_JOB_TIMEOUT_MS']) || DEFAULT_JOB_TIMEOUT_MS;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  onModuleDestroy(): void {
    this.stopping = true;
    clearInterval(this.timer);
    this.runner.onModuleDestroy();
  }

  // ---- requests -------------------------------------------------------------------------

  /** Starts a draw: checks it may run (400/409/422), queues it, answers with the job. */
  async start(
    actor: StaffActor,
    panelId: string,
    request: DrawPanelRequest,
  ): Promise<PanelDrawJob> {
    const { row, seed, fairness } = await this.draws.checkDrawable(actor, panelId, request);
    return this.queue(actor, row.id, 'initial', seed, fairness);
  }

  /**
   * Starts a replacement draw for the drawn members who declined: checks it may run (400/409),
   * queues it, answers with the job (its members are read when it runs).
   */
  async startReplacement(actor: StaffActor, panelId: string, seed: string): Promise<PanelDrawJob> {
    const { row, fairness } = await this.draws.checkReplaceable(actor, panelId, seed);
    return this.queue(actor, row.id, 'replacement', seed, fairness);
  }

  private async queue(
    actor: StaffActor,
    panelId: string,
    kind: DrawJobRow['kind'],
    seed: string,
    fairness: PanelFairness,
  ): Promise<PanelDrawJob> {
    let job: DrawJobRow;
    try {
      job = await this.dataSource.transaction(async (manager) => {
        const inserted = await this.repository.insert(manager, {
          panelId,
          kind,
          seed,
          fairness,
          createdBy: actor.userId,
        });
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          action: kind === 'initial' ? 'panel.draw.started' : 'panel.replacement.started',
          targetType: 'panel',
          targetId: panelId,
          details: { jobId: inserted.id, seed, fairness },
        });
        return inserted;
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint ===
          'panel_draw_jobs_one_active_key'
      )
        throw new DomainError(
          'conflict',
          'A draw of this panel is already running: wait or cancel it',
        );
      throw error;
    }
    this.kick();
    return toDrawJob(job);
  }

  async job(actor: StaffActor, panelId: string, jobId: string): Promise<PanelDrawJob> {
    await this.panels.rowFor(actor, panelId);
    const job = await this.repository.find(panelId, jobId);
    if (!job) throw new DomainError('not_found', `No draw job ${jobId} for this panel`);
    return toDrawJob(job);
  }

  async cancel(actor: StaffActor, panelId: string, jobId: string): Promise<PanelDrawJob> {
    await this.panels.rowFor(actor, panelId);
    const existing = await this.repository.find(panelId, jobId);
    if (!existing) throw new DomainError('not_found', `No draw job ${jobId} for this panel`);
    const cancelled = await this.repository.cancel(panelId, jobId);
    if (!cancelled)
      throw new DomainError('conflict', `This draw job is already ${existing.status}`);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.draw.job.cancelled',
        targetType: 'panel',
        targetId: panelId,
        details: { jobId },
      }),
    );
    return toDrawJob(cancelled);
  }

  // ---- the worker -----------------------------------------------------------------------

  /** Stops claiming new jobs (the running one goes on); for maintenance and tests. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Wakes the worker: it claims and runs jobs until none is left. */
  kick(): void {
    if (this.busy || this.stopping || this.paused) return;
    this.busy = true;
    void this.drain()
      .catch((error: unknown) => {
        if (!this.stopping) this.logger.error(`draw worker failed: ${String(error)}`);
      })
      .finally(() => {
        this.busy = false;
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopping && !this.paused) {
      const job = await this.repository.claim(STALE_JOB_MS);
      if (!job) return;
      if (job.attempts > 1)
        this.logger.log(`resuming draw job ${job.id} (attempt ${job.attempts})`);
      await this.execute(job);
    }
  }

  private async execute(job: DrawJobRow): Promise<void> {
    const controller = new AbortController();
    let progress: PanelDrawJobProgress | null = null;
    const beat = setInterval(() => {
      const latest = progress;
      progress = null;
      void this.repository
        .heartbeat(job.id, latest)
        .then((running) => {
          if (!running) controller.abort();
        })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref();
    try {
      const row = await this.panels.row(job.panel_id);
      let input: SortitionJob;
      let members: { confirmed?: string[]; excluded?: string[] } = {};
      if (job.kind === 'replacement') {
        const prepared = await this.draws.replacementInput(row, job.seed);
        if (typeof prepared === 'string') return await this.fail(job, 'nothingToReplace', prepared);
        input = { ...prepared.job, fairness: job.fairness };
        members = { confirmed: prepared.confirmed, excluded: prepared.excluded };
      } else {
        if (row.drawn_at !== null)
          return await this.fail(job, 'alreadyDrawn', 'The panel was drawn meanwhile');
        const pool = await this.pool.snapshot(job.panel_id);
        const quotas = await this.panels.quotas(job.panel_id);
        input = {
          pool,
          quotas,
          panelSize: row.drawn_seats,
          seed: job.seed,
          fairness: job.fairness,
        };
      }
      const reply = await this.runner.run(input, {
        signal: controller.signal,
        onProgress: (p) => {
          progress = toJobProgress(p);
        },
      });
      if (!reply.ok) {
        const code =
          reply.kind === 'infeasible' ? PANEL_DRAW_ERRORS.infeasible : PANEL_DRAW_ERRORS.failed;
        const message =
          reply.kind === 'infeasible'
            ? reply.issues.map((issue) => issue.message).join('; ')
            : reply.kind === 'input'
              ? reply.problems.join('; ')
              : reply.message;
        return await this.fail(job, code, message);
      }
      if (!('result' in reply)) return await this.fail(job, PANEL_DRAW_ERRORS.failed, 'No result');
      try {
        await this.draws.store(job.created_by, row, job.kind, {
          pool: input.pool,
          quotas: input.quotas,
          fairness: job.fairness,
          result: reply.result,
          jobId: job.id,
          ...members,
        });
      } catch (error) {
        if (domainErrorOf(error)?.code === 'conflict')
          return await this.fail(job, 'alreadyDrawn', (error as Error).message);
        throw error;
      }
    } catch (error) {
      if (error instanceof SortitionAbortedError || this.stopping) return;
      const timeout =
        error instanceof HttpException && error.message.includes(PANEL_DRAW_ERRORS.timeout);
      await this.fail(
        job,
        timeout ? PANEL_DRAW_ERRORS.timeout : PANEL_DRAW_ERRORS.failed,
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      clearInterval(beat);
    }
  }

  private async fail(job: DrawJobRow, code: string, message: string): Promise<void> {
    this.logger.warn(`draw job ${job.id} failed: ${code}: ${message}`);
    await this.repository.finish(undefined, job.id, { status: 'failed', error: { code, message } });
  }
}
