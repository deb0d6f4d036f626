import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PanelFairness, PanelQuota, PublishedDistribution } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface DrawRow {
  id: string;
  panel_id: string;
  kind: 'initial' | 'replacement';
  seed: string;
  fairness: PanelFairness;
  algorithm_version: string;
  solver_version: string;
  instance_digest: string;
  distribution_digest: string;
  panel_size: number;
  pool_snapshot: Array<{ id: string; features: Record<string, string> }>;
  quotas: PanelQuota[];
  confirmed: string[];
  excluded: string[];
  ticket: string;
  panel: string[];
  drawn: string[];
  probabilities: Record<string, number>;
  minimum_probability: number;
  elapsed_ms: number;
  unselectable: string[];
  distribution: PublishedDistribution | null;
  created_at: Date;
  cancelled_at: Date | null;
}

/** Everything stored with a draw, in the shape the worker returns it. */
export interface NewDraw {
  panelId: string;
  kind: 'initial' | 'replacement';
  fairness: PanelFairness;
  panelSize: number;
  pool: Array<{ id: string; features: Record<string, string> }>;
  quotas: PanelQuota[];
  confirmed: string[];
  excluded: string[];
  result: {
    seed: string;
    algorithmVersion: string;
    solverVersion: string;
    instanceDigest: string;
    distributionDigest: string;
    ticket: number;
    panel: string[];
    drawn: string[];
    probabilities: Record<string, number>;
    minimumProbability: number;
    elapsedMs: number;
    unselectableIds: string[];
    distribution: PublishedDistribution;
  };
  createdBy: string | null;
  createdAt: Date;
}

/** The SQL of stored draws and the drawn members they bring. */
@Injectable()
export class PanelDrawsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  list(panelId: string, manager?: EntityManager): Promise<DrawRow[]> {
    return this.m(manager).query(
      `SELECT * FROM panel_draws WHERE panel_id = $1 ORDER BY created_at, id`,
      [panelId],
    );
  }

  async find(
    panelId: string,
    drawId: string,
    manager?: EntityManager,
  ): Promise<DrawRow | undefined> {
    const [row] = (await this.m(manager).query(
      `SELECT * FROM panel_draws WHERE id = $1 AND panel_id = $2`,
      [drawId, panelId],
    )) as DrawRow[];
    return row as DrawRow | undefined;
  }

  async active(panelId: string, manager?: EntityManager): Promise<DrawRow | undefined> {
    const [row] = (await this.m(manager).query(
      `SELECT * FROM panel_draws WHERE panel_id = $1 AND kind = 'initial' AND cancelled_at IS NULL`,
      [panelId],
    )) as DrawRow[];
    return row;
  }

  /** The drawn members with their pseudonymous id and answer (for replacements). */
  drawnMembers(panelId: string): Promise<Array<{ public_id: string; status: string }>> {
    return this.dataSource.query(
      `SELECT v.public_id, m.status FROM panel_members m JOIN panel_volunteers v ON v.id = m.volunteer_id
       WHERE m.panel_id = $1 AND m.category = 'drawn'`,
      [panelId],
    );
  }

  /** Stores the draw, then makes its newly drawn volunteers members (contact copied). */
  async insert(manager: EntityManager, draw: NewDraw): Promise<DrawRow> {
    const { result } = draw;
    const [row] = (await manager.query(
      `INSERT INTO panel_draws (panel_id, kind, seed, fairness, algorithm_version, solver_version,
         instance_digest, distribution_digest, panel_size, pool_snapshot, quotas, confirmed,
         excluded, ticket, panel, drawn, probabilities, minimum_probability, elapsed_ms,
         created_by, created_at, unselectable, distribution)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
         $20, $21, $22, $23)
       RETURNING *`,
      [
        draw.panelId,
        draw.kind,
        result.seed,
        draw.fairness,
        result.algorithmVersion,
        result.solverVersion,
        result.instanceDigest,
        result.distributionDigest,
        draw.panelSize,
        JSON.stringify(draw.pool),
        JSON.stringify(draw.quotas),
        JSON.stringify(draw.confirmed),
        JSON.stringify(draw.excluded),
        result.ticket,
        JSON.stringify(result.panel),
        JSON.stringify(result.drawn),
        JSON.stringify(result.probabilities),
        result.minimumProbability,
        result.elapsedMs,
        draw.createdBy,
        draw.createdAt,
        JSON.stringify(result.unselectableIds),
        JSON.stringify(result.distribution),
      ],
    )) as DrawRow[];
    // The newly drawn volunteers become members, with their contact copied onto the member
    // record (the pool's copy is erased later).
    await manager.query(
      `INSERT INTO panel_members (panel_id, category, volunteer_id, draw_id, name, email, phone)
       SELECT v.panel_id, 'drawn', v.id, $2, v.name, v.email, v.phone
       FROM panel_volunteers v WHERE v.panel_id = $1 AND v.public_id = ANY($3::text[])`,
      [draw.panelId, row.id, result.drawn],
    );
    return row;
  }

  /** Cancels every active draw of the panel and removes the drawn members. */
  async cancelAll(manager: EntityManager, panelId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE panel_draws SET cancelled_at = $2 WHERE panel_id = $1 AND cancelled_at IS NULL`,
      [panelId, now],
    );
    await manager.query(`DELETE FROM panel_members WHERE panel_id = $1 AND category = 'drawn'`, [
      panelId,
    ]);
  }

  /** The active draw's probabilities and panel (for the pool list). */
  async activeProbabilities(
    panelId: string,
  ): Promise<Pick<DrawRow, 'probabilities' | 'panel'> | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT probabilities, panel FROM panel_draws
       WHERE panel_id = $1 AND kind = 'initial' AND cancelled_at IS NULL`,
      [panelId],
    )) as Array<Pick<DrawRow, 'probabilities' | 'panel'>>;
    return row;
  }
}
