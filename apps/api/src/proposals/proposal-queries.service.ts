import { Inject, Injectable } from '@nestjs/common';
import {
  type AnswerStateUsage,
  type ProposalDetail,
  type ProposalListQuery,
  type ProposalPage,
  type TerritoryProposalFigures,
} from '@permanente/contracts';
import { AccessService } from '../access/access.service';
import { isStaff, type Actor, type StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { csvLine, type CsvLanguage } from '../live/csv.util';
import { iso, readCursor, searchQuery, toSummary, writeCursor } from './proposal-views';
import { ProposalReadsRepository } from './proposal-reads.repository';
import { ProposalsRepository } from './proposals.repository';
import { DomainError } from '../common/domain-error';

const DEFAULT_PAGE = 20;

/**
 * Reading proposals: the public list and the officials' queue (filters, full-text search,
 * scope), one proposal with its provenance and history, figures per territory, the CSV
 * export, and the answer states in use. The life cycle is in ProposalsService.
 */
const EXPORT_HEADERS: Record<CsvLanguage, string[]> = {
  fr: [
    'id',
    'titre',
    'statut',
    'source',
    'auteurs',
    'territoire',
    'thèmes',
    'publiée le',
    'réponse attendue le',
    'en retard',
    'soutiens',
    'idées d’origine',
    'décision',
    'motifs',
    'élu·e',
    'fonction',
    'répondu le',
    'avancement %',
  ],
  en: [
    'id',
    'title',
    'status',
    'source',
    'authors',
    'territory',
    'themes',
    'published on',
    'answer due on',
    'overdue',
    'supports',
    'original ideas',
    'decision',
    'reasons',
    'official',
    'office',
    'answered on',
    'progress %',
  ],
};

@Injectable()
export class ProposalQueriesService {
  constructor(
    private readonly reads: ProposalReadsRepository,
    private readonly proposals: ProposalsRepository,
    private readonly access: AccessService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The public list: published, under review and answered proposals. */
  async listPublic(query: ProposalListQuery): Promise<ProposalPage> {
    return this.search(query, null, false);
  }

  /** The officials' queue: proposals in the caller's scope, drafts included on request. */
  async queue(actor: StaffActor, query: ProposalListQuery): Promise<ProposalPage> {
    return this.search(query, await this.access.territoryIdsInScope(actor), true);
  }

  private async search(
    query: ProposalListQuery,
    scope: string[] | null,
    staffView: boolean,
  ): Promise<ProposalPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const sort = query.sort ?? 'recent';
    const tsquery = searchQuery(query.q);
    const ranked = tsquery !== null && sort === 'recent';
    const from = query.cursor
      ? readCursor(query.cursor, sort, ranked)
      : { position: query.offset ?? 0 };
    const { rows, total, cap, next } = await this.reads.search({
      now: this.clock.now(),
      // Drafts only for staff asking for them.
      excludeDrafts: !staffView || query.status !== 'draft',
      scope,
      territoryId: query.territoryId,
      campaignId: query.campaignId,
      theme: query.theme,
      source: query.source,
      status: query.status,
      overdue: query.overdue,
      tsquery,
      sort,
      limit,
      from,
    });
    return {
      items: rows.map(toSummary),
      total: Math.min(total, cap),
      totalIsLowerBound: total > cap,
      limit,
      offset: from.position,
      nextCursor: next ? writeCursor(next, sort, ranked) : null,
    };
  }

  /**
   * One proposal with its provenance, answers, follow-ups and supports over time. Drafts are
   * visible only to staff whose scope covers them (404 for everyone else).
   */
  async detail(actor: Actor, id: string, supporterKey: string | null): Promise<ProposalDetail> {
    const row = await this.reads.detail(this.clock.now(), id);
    if (!row) throw new DomainError('not_found', `No proposal ${id}`);
    if (row.status === 'draft') {
      const allowed = isStaff(actor) && (await this.access.covers(actor, row.territory_id));
      if (!allowed) throw new DomainError('not_found', `No proposal ${id}`);
    }
    const [ideas, answers, followUps, supports, mine] = await Promise.all([
      this.reads.linkedIdeas(id),
      this.reads.answers(id),
      this.reads.followUps(id),
      this.reads.supportsPerDay(id),
      supporterKey ? this.reads.isSupportedBy(id, supporterKey) : Promise.resolve(false),
    ]);
    return {
      ...toSummary(row),
      need: row.need,
      action: row.action,
      campaignTitle: row.campaign_title,
      answerStates: row.answer_states,
      provenance: {
        workshopId: row.workshop_id,
        workshopTitle: row.workshop_title,
        workshopDate: iso(row.workshop_date),
        themeName: row.theme_name,
        ideaCount: row.idea_count,
        ideas,
        panelId: row.panel_id,
      },
      answers: answers.map((a) => ({
        version: a.version,
        state: a.state,
        reasons: a.reasons,
        officialName: a.official_name,
        officialOffice: a.official_office,
        answeredAt: iso(a.answered_at)!,
      })),
      followUps: followUps.map((f) => ({
        id: f.id,
        progress: f.progress,
        text: f.text,
        authorName: f.author_name,
        at: iso(f.created_at)!,
      })),
      supportsOverTime: supports,
      supportedByMe: mine,
    };
  }

  /** Per territory: proposals made public, answered, overdue, mean days to a first answer. */
  async figures(campaignId?: string, territoryId?: string): Promise<TerritoryProposalFigures[]> {
    const rows = await this.reads.figures(
      this.clock.now(),
      campaignId ?? null,
      territoryId ?? null,
    );
    return rows.map((row) => ({
      territoryId: row.territory_id,
      territoryName: row.territory_name,
      proposals: row.proposals,
      answered: row.answered,
      overdue: row.overdue,
      averageAnswerDays: row.average_answer_days,
    }));
  }

  /** A campaign's answer states in order, each with the proposals it is the current answer of. */
  async answerStates(campaignId: string): Promise<AnswerStateUsage[]> {
    const manager = this.proposals.manager;
    const states = await this.proposals.answerStates(manager, campaignId);
    if (!states) throw new DomainError('not_found', `No campaign ${campaignId}`);
    const used = await this.proposals.currentAnswerCounts(manager, campaignId);
    return states.map((state) => ({ state, answers: used.get(state) ?? 0 }));
  }

  /**
   * CSV of the proposals in scope (filters of the queue) with their current answer; headers
   * and words in the requester's language (French by default).
   */
  async exportCsv(
    actor: StaffActor,
    query: ProposalListQuery,
    language: CsvLanguage = 'fr',
  ): Promise<string> {
    const header = csvLine(EXPORT_HEADERS[language]);
    const yes = language === 'fr' ? 'oui' : 'yes';
    const no = language === 'fr' ? 'non' : 'no';
    const lines = [header];
    const pageSize = 100;
    for (let cursor: string | undefined, more = true; more;) {
      const page = await this.queue(actor, {
        ...query,
        limit: pageSize,
        offset: undefined,
        cursor,
        sort: 'oldest',
      });
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
      const answers = await this.reads.currentAnswers(page.items.map((item) => item.id));
      for (const item of page.items) {
        const answer = answers.get(item.id);
        lines.push(
          csvLine([
            item.id,
            item.title,
            item.status,
            item.sourceBody ? `${item.source} (${item.sourceBody})` : item.source,
            item.authors,
            item.territoryName,
            item.themes.join(' / '),
            item.publishedAt,
            item.answerDueAt,
            item.overdue ? yes : no,
            item.supportsCount,
            item.ideaCount,
            answer?.state,
            answer?.reasons,
            answer?.official_name,
            answer?.official_office,
            answer ? iso(answer.answered_at) : null,
            item.progress,
          ]),
        );
      }
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
}
