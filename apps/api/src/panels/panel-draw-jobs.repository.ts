import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  PanelDrawJobProgress,
  PanelDrawJobStatus,
  PanelFairness,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

export interface DrawJobRow {
  id: string;
  panel_id: string;
  kind: 'initial' | 'replacement';
  status: PanelDrawJobStatus;
  seed: string;
  fairness: PanelFairness;
  progress: PanelDrawJobProgress | null;
  error: { code: string; message: string } | null;
  draw_id: string | null;
  attempts: number;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

/**
 * The SQL of draw jobs. A job is claimed with `FOR UPDATE SKIP LOCKED`, so that several API
 * instances never take the same one; a running job whose heartbeat stopped (its process died)
 * is claimed again.
 */
@Injectable()
export class PanelDrawJobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Throws the unique violation `panel_draw_jobs_one_active_key` when one is unfinished. */
  async insert(
    manager: EntityManager,
    job: {
      panelId: string;
      kind?: DrawJobRow['kind'];
      seed: string;
      fairness: PanelFairness;
      createdBy: string;
    },
  ): Promise<DrawJobRow> {
    const [row] = (await manager.query(
      `INSERT INTO panel_draw_jobs (panel_id, kind, seed, fairness, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [job.panelId, job.kind ?? 'initial', job.seed, job.fairness, job.createdBy],
    )) as DrawJobRow[];
    return row;
  }

  async find(
    panelId: string,
    jobId: string,
    manager?: EntityManager,
  ): Promise<DrawJobRow | undefined> {
    const [row] = (await this.m(manager).query(
      `SELECT * FROM panel_draw_jobs WHERE id = $1 AND panel_id = $2`,
      [jobId, panelId],
    )) as DrawJobRow[];
    return row as DrawJobRow | undefined;
  }

  async latest(panelId: string, manager?: EntityManager): Promise<DrawJobRow | null> {
    const [row] = (await this.m(manager).query(
      `SELECT * FROM panel_draw_jobs WHERE panel_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [panelId],
    )) as DrawJobRow[];
    return row ?? null;
  }

  async active(panelId: string, manager?: EntityManager): Promise<DrawJobRow | undefined> {
    const [row] = (await this.m(manager).query(
      `SELECT * FROM panel_draw_jobs WHERE panel_id = $1 AND status IN ('queued', 'running')`,
      [panelId],
    )) as DrawJobRow[];
    return row;
  }

  /**
   * Takes the oldest queued job, or a running one whose heartbeat is older than `staleMs`
   * (interrupted by a restart), and marks it running.
   */
  async claim(staleMs: number): Promise<DrawJobRow | undefined> {
    const [row] = await returningRows<DrawJobRow>(
      this.dataSource.manager,
      `UPDATE panel_draw_jobs SET status = 'running', attempts = attempts + 1,
         started_at = coalesce(started_at, now()), heartbeat_at = now()
       WHERE id = (
         SELECT id FROM panel_draw_jobs
         WHERE status = 'queued'
            OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::float8 / 1000))
         ORDER BY created_at, id
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [staleMs],
    );
    return row;
  }

  /** Records progress and the heartbeat; returns false once the job is no longer running. */
  async heartbeat(jobId: string, progress: PanelDrawJobProgress | null): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(
      this.dataSource.manager,
      `UPDATE panel_draw_jobs SET heartbeat_at = now(), progress = coalesce($2, progress)
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [jobId, progress === null ? null : JSON.stringify(progress)],
    );
    return rows.length > 0;
  }

  /** Locks a job for the transaction that stores its draw; its status tells whether to store. */
  async lock(manager: EntityManager, jobId: string): Promise<DrawJobRow | undefined> {
    const [row] = (await manager.query(`SELECT * FROM panel_draw_jobs WHERE id = $1 FOR UPDATE`, [
      jobId,
    ])) as DrawJobRow[];
    return row;
  }

  async finish(
    manager: EntityManager | undefined,
    jobId: string,
    outcome:
      | { status: 'done'; drawId: string }
      | { status: 'failed'; error: { code: string; message: string } },
  ): Promise<void> {
    await this.m(manager).query(
      `UPDATE panel_draw_jobs SET status = $2, draw_id = $3, error = $4, finished_at = now()
       WHERE id = $1 AND status = 'running'`,
      [
        jobId,
        outcome.status,
        outcome.status === 'done' ? outcome.drawId : null,
        outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
      ],
    );
  }

  /** Cancels a queued or running job; returns it, or undefined when it was already finished. */
  async cancel(panelId: string, jobId: string): Promise<DrawJobRow | undefined> {
    const [row] = await returningRows<DrawJobRow>(
      this.dataSource.manager,
      `UPDATE panel_draw_jobs SET status = 'cancelled', finished_at = now()
       WHERE id = $1 AND panel_id = $2 AND status IN ('queued', 'running') RETURNING *`,
      [jobId, panelId],
    );
    return row;
  }
}
