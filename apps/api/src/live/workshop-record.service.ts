import { Injectable } from '@nestjs/common';
import type { StaffActor } from '../auth/actor';
import { csvLine, type CsvLanguage, type CsvWords } from './csv.util';
import { LiveStateService } from './live-state.service';
import { WorkshopRecordRepository } from './workshop-record.repository';

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
    private readonly state: LiveStateService,
    private readonly repository: WorkshopRecordRepository,
  ) {}

  async csv(actor: StaffActor, workshopId: string, language: CsvLanguage = 'fr'): Promise<string> {
    const words = WORDS[language];
    const say = (value: unknown) =>
      value === null || value === undefined ? value : (words[String(value) as Word] ?? value);
    await this.state.staffViewer(actor, workshopId);
    const rows = await this.repository.recordRows(workshopId);
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
