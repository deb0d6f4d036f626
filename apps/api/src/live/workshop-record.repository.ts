import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** One line of a workshop's record, before its words are translated (WorkshopRecordService). */
export type RecordRow = Record<string, unknown>;

/** The SQL of a workshop's record: every contribution and choice, in a stable order. */
@Injectable()
export class WorkshopRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  recordRows(workshopId: string): Promise<RecordRow[]> {
    return this.dataSource.query(
      // Ordered on every column, byte-wise: two instances holding the same record (a field
      // kit and central after its sync) write the same file, dots (which have no time) included.
      `SELECT * FROM (
     SELECT 'idea' AS type, a.position, a.kind, a.prompt, i.created_at AS time, i.origin, p.display_name AS author,
            i.text AS content, i.category, t.name AS theme, NULL::text AS value, (i.hidden_at IS NOT NULL) AS hidden,
            o.text AS counts_for
     FROM ideas i JOIN activities a ON a.id = i.activity_id LEFT JOIN participants p ON p.id = i.participant_id
     LEFT JOIN themes t ON t.id = i.theme_id LEFT JOIN ideas o ON o.id = i.duplicate_of AND o.hidden_at IS NULL
     WHERE i.workshop_id = $1
     UNION ALL
     SELECT 'dots', a.position, a.kind, a.prompt, NULL, 'phone', p.display_name, i.text, NULL, t.name, d.dots::text, NULL,
            o.text
     FROM dot_votes d JOIN activities a ON a.id = d.activity_id JOIN ideas i ON i.id = d.idea_id
     LEFT JOIN themes t ON t.id = i.theme_id LEFT JOIN ideas o ON o.id = i.duplicate_of AND o.hidden_at IS NULL
     JOIN participants p ON p.id = d.participant_id
     WHERE a.workshop_id = $1
     UNION ALL
     SELECT 'dots', a.position, a.kind, a.prompt, NULL, 'phone', p.display_name, NULL, NULL, t.name, d.dots::text, NULL, NULL
     FROM theme_dot_votes d JOIN activities a ON a.id = d.activity_id JOIN themes t ON t.id = d.theme_id
     JOIN participants p ON p.id = d.participant_id
     WHERE a.workshop_id = $1
     UNION ALL
     SELECT 'position', a.position, a.kind, a.prompt, s.updated_at, 'phone', p.display_name, NULL, NULL, NULL, s.position::text, NULL, NULL
     FROM spectrum_positions s JOIN activities a ON a.id = s.activity_id JOIN participants p ON p.id = s.participant_id
     WHERE a.workshop_id = $1
     UNION ALL
     SELECT 'answer', a.position, a.kind, a.prompt, q.updated_at, 'phone', p.display_name,
            array_to_string(ARRAY(SELECT a.options[c + 1] FROM unnest(q.choices) AS c), ' | '), NULL, NULL,
            array_to_string(q.choices, ' '), NULL, NULL
     FROM poll_answers q JOIN activities a ON a.id = q.activity_id JOIN participants p ON p.id = q.participant_id
     WHERE a.workshop_id = $1
     ) r
     ORDER BY r.position, r.time NULLS LAST, r.type, r.author COLLATE "C" NULLS FIRST,
       r.content COLLATE "C", r.theme COLLATE "C", r.value COLLATE "C", r.origin, r.category COLLATE "C",
       r.counts_for COLLATE "C", r.hidden`,
      [workshopId],
    );
  }
}
