import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffActor } from '../auth/actor';
import { csvLine, type CsvLanguage, type CsvWords } from './csv.util';
import { LiveStateService } from './live-state.service';

const HEADERS: Record<CsvLanguage, string[]> = {
  fr: [
    'type',
    'activité',
    'type d’activité',
    'question',
    'heure',
    'origine',
    'auteur',
    'contenu',
    'catégorie',
    'thème',
    'valeur',
    'masquée',
    'compte pour',
  ],
  en: [
    'type',
    'activity',
    'activity_kind',
    'activity_prompt',
    'time',
    'origin',
    'author',
    'content',
    'category',
    'theme',
    'value',
    'hidden',
    'counts_for',
  ],
};

type Word =
  | 'idea'
  | 'dots'
  | 'position'
  | 'answer'
  | 'idea_board'
  | 'clustering'
  | 'dot_vote'
  | 'spectrum'
  | 'poll'
  | 'phone'
  | 'paper'
  | 'true'
  | 'false';
// English keeps the stable identifiers that scripts may read; French says them in words.
const WORDS: CsvWords<Word> = {
  fr: {
    idea: 'idée',
    dots: 'points',
    position: 'position',
    answer: 'réponse',
    idea_board: 'mur d’idées',
    clustering: 'regroupement',
    dot_vote: 'vote par points',
    spectrum: 'débat mouvant',
    poll: 'sondage',
    phone: 'téléphone',
    paper: 'papier',
    true: 'oui',
    false: 'non',
  },
  en: {
    idea: 'idea',
    dots: 'dots',
    position: 'position',
    answer: 'answer',
    idea_board: 'idea_board',
    clustering: 'clustering',
    dot_vote: 'dot_vote',
    spectrum: 'spectrum',
    poll: 'poll',
    phone: 'phone',
    paper: 'paper',
    true: 'true',
    false: 'false',
  },
};

/**
 * The workshop's record, whole: every contribution (ideas, dots, positions, poll answers) with
 * its activity, time, origin (phone or paper), pseudonymous author and theme, for the
 * facilitators. A merged duplicate says which original it counts for (`counts_for`, the
 * original's text), on its own line and on its dots' lines: its dots count for that original.
 */
@Injectable()
export class WorkshopRecordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: LiveStateService,
  ) {}

  async csv(actor: StaffActor, workshopId: string, language: CsvLanguage = 'fr'): Promise<string> {
    const words = WORDS[language];
    const say = (value: unknown) =>
      value === null || value === undefined ? value : (words[String(value) as Word] ?? value);
    await this.state.staffViewer(actor, workshopId);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
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
    const lines = rows.map((row) =>
      csvLine([
        say(row['type']),
        row['position'],
        say(row['kind']),
        row['prompt'],
        row['time'],
        say(row['origin']),
        row['author'],
        row['content'],
        row['category'],
        row['theme'],
        row['value'],
        say(row['hidden']),
        row['counts_for'],
      ]),
    );
    // A byte-order mark so that spreadsheet programs read the accents right.
    return `\uFEFF${csvLine(HEADERS[language])}\r\n${lines.join('\r\n')}\r\n`;
  }
}
