import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HELD_WORKSHOPS, type CoverageTourRow } from './tour.repository';

/**
 * Participants of the tour's held workshops counted by where they were heard and by their
 * (optional, consented) answers. Only these counts leave the database: never a profile.
 */
export interface HeardCountRow {
  /** The territory of the workshop where they were heard. */
  territory_id: string;
  age_band: string | null;
  gender: string | null;
  first_time: boolean | null;
  /** The territory of their commune of residence, when they named one. */
  residence_id: string | null;
  n: number;
}

@Injectable()
export class HeardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  counts(tour: CoverageTourRow, today: string): Promise<HeardCountRow[]> {
    return this.dataSource.query(
      `WITH ${HELD_WORKSHOPS}
       SELECT h.territory_id,
              p.profile->>'ageBand' AS age_band,
              p.profile->>'gender' AS gender,
              CASE jsonb_typeof(p.profile->'firstParticipation')
                WHEN 'boolean' THEN (p.profile->>'firstParticipation')::boolean END AS first_time,
              c.territory_id AS residence_id,
              count(*)::int AS n
       FROM held h
       JOIN participants p ON p.workshop_id = h.id
       LEFT JOIN communes c ON c.code = p.profile->>'communeCode'
       GROUP BY 1, 2, 3, 4, 5`,
      [tour.id, tour.campaign_id, today],
    );
  }
}
