import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HELD_WORKSHOPS, type CoverageTourRow } from './tour.repository';

/**
 * The people the tour has heard, counted by where they were heard and by their (optional,
 * consented) answers: the participants of its held workshops, the people heard on paper in
 * them, and the volunteers of its campaign's panels who gave the profile in the open call
 * (while it is kept). Only these counts leave the database: never a profile.
 */
export interface HeardCountRow {
  /** The territory of the workshop (or of the panel) where they were heard. */
  territory_id: string;
  age_band: string | null;
  gender: string | null;
  first_time: boolean | null;
  /** The territory they live in: their commune's, else the bassin a panel asked. */
  residence_id: string | null;
  n: number;
}

@Injectable()
export class HeardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  counts(tour: CoverageTourRow, today: string): Promise<HeardCountRow[]> {
    return this.dataSource.query(
      `WITH ${HELD_WORKSHOPS}, heard AS (
         SELECT h.territory_id, p.profile, NULL::uuid AS panel_residence
         FROM held h JOIN participants p ON p.workshop_id = h.id
         UNION ALL
         SELECT h.territory_id, pp.profile, NULL::uuid
         FROM held h JOIN paper_participants pp ON pp.workshop_id = h.id
         UNION ALL
         SELECT pa.territory_id, v.profile,
                (SELECT t.id FROM territories t
                 WHERE t.code = v.features->>'territory' AND t.level = 'bassin_de_vie')
         FROM panels pa JOIN panel_volunteers v ON v.panel_id = pa.id
         WHERE pa.campaign_id = $2 AND v.profile_consent_at IS NOT NULL
       )
       SELECT x.territory_id,
              x.profile->>'ageBand' AS age_band,
              x.profile->>'gender' AS gender,
              CASE jsonb_typeof(x.profile->'firstParticipation')
                WHEN 'boolean' THEN (x.profile->>'firstParticipation')::boolean END AS first_time,
              COALESCE(c.territory_id, x.panel_residence) AS residence_id,
              count(*)::int AS n
       FROM heard x
       LEFT JOIN communes c ON c.code = x.profile->>'communeCode'
       GROUP BY 1, 2, 3, 4, 5`,
      [tour.id, tour.campaign_id, today],
    );
  }
}
