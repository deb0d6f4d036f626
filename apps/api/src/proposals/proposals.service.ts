import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AnswerStateUsage,
  CreateProposalRequest,
  DraftFromWorkshopRequest,
  ProposalDetail,
  ProposalListQuery,
  ProposalPage,
  ProposalSource,
  ProposalSummary,
  TerritoryProposalFigures,
  UpdateProposalRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type Actor, type StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { returningRows } from '../common/sql.util';
import { csvLine, type CsvLanguage } from '../live/csv.util';
import {
  iso,
  searchQuery,
  SUMMARY_COLUMNS,
  SUMMARY_FROM,
  toSummary,
  type SummaryRow,
} from './proposal-views';

/** What the panels module hands over to create a proposal from a panel's contribution. */
export interface PanelProposalInput {
  panelId: string;
  campaignId: string;
  territoryId: string;
  title: string;
  need: string;
  action: string;
  themes?: string[];
  /** As shown publicly, e.g. "Panel citoyen du Cher". */
  authors: string;
  /** Publish at once (the panel has voted its contribution) or leave a draft to review. */
  publish?: boolean;
}

interface ProposalRow {
  id: string;
  status: string;
  territory_id: string;
  campaign_id: string;
}

const DEFAULT_PAGE = 20;

/**
 * Proposals: drafting (by hand, from a closed workshop's theme or ideas, or from a panel),
 * publication with an answer due date, the public list and the officials' queue, figures and
 * exports. Answers and follow-ups are in AnswersService, supports and comments in
 * EngagementService.
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
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- drafting ----

  /** A facilitator or an organiser in scope writes a draft by hand (a body's referral...). */
  async create(actor: StaffActor, request: CreateProposalRequest): Promise<ProposalDetail> {
    const id = await this.dataSource.transaction(async (manager) => {
      await this.assertTerritory(manager, request.territoryId);
      await this.assertCampaign(manager, request.campaignId);
      await this.access.assertCan(actor, ['facilitator'], request.territoryId, manager);
      if (request.source === 'participatory_body' && !request.sourceBody?.trim())
        throw invalidField(
          'body.sourceBody',
          'Name the participatory body (CESER, conseil régional des jeunes...)',
          'required',
        );
      const proposalId = await this.insert(manager, actor.userId, {
        ...request,
        authors: request.authors?.trim() || request.sourceBody?.trim() || '',
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.drafted',
        targetType: 'proposal',
        targetId: proposalId,
        details: { source: request.source },
      });
      return proposalId;
    });
    return this.detail(actor, id, null);
  }

  /**
   * Provenance: a theme (cluster) or chosen ideas of a closed workshop become a draft that
   * keeps links to those ideas and the workshop. Hidden (moderated) ideas are never linked.
   */
  async draftFromWorkshop(
    actor: StaffActor,
    request: DraftFromWorkshopRequest,
  ): Promise<ProposalDetail> {
    if ((request.themeId === undefined) === (request.ideaIds === undefined))
      throw invalidField('body.themeId', 'Give either themeId or ideaIds', 'themeOrIdeas');
    const id = await this.dataSource.transaction(async (manager) => {
      await this.access.assertRunsWorkshop(actor, request.workshopId, manager);
      const [workshop]: Array<{
        title: string;
        status: string;
        territory_id: string;
        campaign_id: string | null;
      }> = await manager.query(
        `SELECT title, status, territory_id, campaign_id FROM workshops WHERE id = $1 FOR SHARE`,
        [request.workshopId],
      );
      if (workshop.status !== 'closed')
        throw new ConflictException('Close the workshop before drafting proposals from it');
      const campaignId = request.campaignId ?? workshop.campaign_id;
      if (!campaignId)
        throw invalidField(
          'body.campaignId',
          'This workshop belongs to no campaign: say which one',
          'required',
        );
      await this.assertCampaign(manager, campaignId);

      let themeName: string | null = null;
      let ideas: Array<{ id: string; text: string }>;
      if (request.themeId !== undefined) {
        const [theme]: Array<{ name: string }> = await manager.query(
          `SELECT name FROM themes WHERE id = $1 AND workshop_id = $2`,
          [request.themeId, request.workshopId],
        );
        if (!theme)
          throw invalidField('body.themeId', 'No such theme in this workshop', 'unknownTheme');
        themeName = theme.name;
        ideas = await manager.query(
          `SELECT id, text FROM ideas WHERE theme_id = $1 AND hidden_at IS NULL ORDER BY created_at, id`,
          [request.themeId],
        );
        if (ideas.length === 0)
          throw invalidField('body.themeId', 'This theme has no visible idea', 'emptyTheme');
      } else {
        const wanted = [...new Set(request.ideaIds)];
        ideas = await manager.query(
          `SELECT id, text FROM ideas
           WHERE id = ANY($1::uuid[]) AND workshop_id = $2 AND hidden_at IS NULL
           ORDER BY created_at, id`,
          [wanted, request.workshopId],
        );
        if (ideas.length !== wanted.length)
          throw invalidField(
            'body.ideaIds',
            'Some ideas are not visible ideas of this workshop',
            'unknownIdea',
          );
      }
      const firstIdea = ideas[0].text.trim();
      const title = request.title?.trim() || themeName || firstIdea.slice(0, 200);
      const need =
        request.need?.trim() ||
        `Ce que les participant·es de ${workshop.title} ont exprimé :\n` +
          ideas
            .map((idea) => `- ${idea.text.trim()}`)
            .join('\n')
            .slice(0, 3900);
      const proposalId = await this.insert(manager, actor.userId, {
        campaignId,
        territoryId: workshop.territory_id,
        title,
        need,
        action: request.action?.trim() || 'À préciser avant publication.',
        themes: themeName ? [themeName] : [],
        source: 'workshop',
        authors: `Participant·es de ${workshop.title}`,
        workshopId: request.workshopId,
        themeId: request.themeId ?? null,
        themeName,
      });
      await manager.query(
        `INSERT INTO proposal_ideas (proposal_id, idea_id) SELECT $1, unnest($2::uuid[])`,
        [proposalId, ideas.map((idea) => idea.id)],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.drafted',
        targetType: 'proposal',
        targetId: proposalId,
        details: { source: 'workshop', workshopId: request.workshopId, ideas: ideas.length },
      });
      return proposalId;
    });
    return this.detail(actor, id, null);
  }

  /**
   * For the panels module: a panel's contribution becomes a proposal with source `panel`
   * and the panel's id. `actor` null: a system action (no scope check, audited as such).
   */
  async createFromPanel(
    actor: StaffActor | null,
    input: PanelProposalInput,
    manager?: EntityManager,
  ): Promise<string> {
    const work = async (m: EntityManager) => {
      await this.assertTerritory(m, input.territoryId);
      await this.assertCampaign(m, input.campaignId);
      if (actor) await this.access.assertCan(actor, ['facilitator'], input.territoryId, m);
      const proposalId = await this.insert(m, actor?.userId ?? null, {
        campaignId: input.campaignId,
        territoryId: input.territoryId,
        title: input.title,
        need: input.need,
        action: input.action,
        themes: input.themes ?? [],
        source: 'panel',
        authors: input.authors,
        panelId: input.panelId,
      });
      await this.audit.record(m, {
        actorUserId: actor?.userId ?? null,
        action: 'proposal.drafted',
        targetType: 'proposal',
        targetId: proposalId,
        details: { source: 'panel', panelId: input.panelId },
      });
      if (input.publish) await this.publishIn(m, actor, proposalId);
      return proposalId;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async update(
    actor: StaffActor,
    id: string,
    request: UpdateProposalRequest,
  ): Promise<ProposalDetail> {
    await this.dataSource.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.access.assertCan(actor, ['facilitator'], proposal.territory_id, manager);
      if (proposal.status !== 'draft')
        throw new ConflictException('Only a draft can be changed; answers refer to its text');
      const sets: string[] = [];
      const values: unknown[] = [id, this.clock.now()];
      const put = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (request.title !== undefined) put('title', request.title.trim());
      if (request.need !== undefined) put('need', request.need.trim());
      if (request.action !== undefined) put('action', request.action.trim());
      if (request.themes !== undefined) put('themes', cleanThemes(request.themes));
      if (request.authors !== undefined) put('authors', request.authors.trim());
      if (request.sourceBody !== undefined) put('source_body', request.sourceBody.trim() || null);
      if (sets.length > 0)
        await manager.query(
          `UPDATE proposals SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`,
          values,
        );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.updated',
        targetType: 'proposal',
        targetId: id,
        details: { fields: Object.keys(request) },
      });
    });
    return this.detail(actor, id, null);
  }

  // ---- lifecycle ----

  /** draft → published: the answer due date starts now (campaign's answer delay). */
  async publish(actor: StaffActor, id: string): Promise<ProposalDetail> {
    await this.dataSource.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.access.assertCan(actor, ['facilitator'], proposal.territory_id, manager);
      await this.publishIn(manager, actor, id);
    });
    return this.detail(actor, id, null);
  }

  private async publishIn(
    manager: EntityManager,
    actor: StaffActor | null,
    id: string,
  ): Promise<void> {
    const now = this.clock.now();
    const rows = await returningRows(
      manager,
      `UPDATE proposals p
       SET status = 'published', published_at = $2::timestamptz, updated_at = $2::timestamptz,
           answer_due_at = $2::timestamptz + make_interval(days => c.answer_delay_days)
       FROM campaigns c
       WHERE p.id = $1 AND c.id = p.campaign_id AND p.status = 'draft'
       RETURNING p.id`,
      [id, now],
    );
    if (rows.length === 0) throw new ConflictException('Only a draft can be published');
    await this.audit.record(manager, {
      actorUserId: actor?.userId ?? null,
      action: 'proposal.published',
      targetType: 'proposal',
      targetId: id,
    });
  }

  /** published → under review: an official in scope takes it up. */
  async startReview(actor: StaffActor, id: string): Promise<ProposalDetail> {
    await this.dataSource.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.assertOfficialInScope(actor, proposal.territory_id, manager, true);
      if (proposal.status !== 'published')
        throw new ConflictException(`A proposal ${proposal.status} cannot go under review`);
      await manager.query(
        `UPDATE proposals SET status = 'under_review', updated_at = $2 WHERE id = $1`,
        [id, this.clock.now()],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.under_review',
        targetType: 'proposal',
        targetId: id,
      });
    });
    return this.detail(actor, id, null);
  }

  /** A campaign's answer states in order, each with the proposals it is the current answer of. */
  async answerStates(campaignId: string): Promise<AnswerStateUsage[]> {
    const [campaign]: Array<{ answer_states: string[] }> = await this.dataSource.query(
      `SELECT answer_states FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    if (!campaign) throw new NotFoundException(`No campaign ${campaignId}`);
    const used = await this.currentAnswerCounts(this.dataSource.manager, campaignId);
    return campaign.answer_states.map((state) => ({ state, answers: used.get(state) ?? 0 }));
  }

  /**
   * Organisers set the answer states a campaign's officials choose from, in order. A state
   * that is the current answer of a proposal cannot be removed (nor renamed, which is the
   * same thing): the public page would show a decision the campaign no longer has. 409 names
   * the states and how many answers use them; those proposals must be answered again first.
   * Older versions in an answer's history keep their state, whatever the list says.
   */
  async setAnswerStates(
    actor: StaffActor,
    campaignId: string,
    states: string[],
  ): Promise<string[]> {
    const unique = [...new Set(states)];
    return this.dataSource.transaction(async (manager) => {
      const [campaign]: Array<{ answer_states: string[] }> = await manager.query(
        // Answering share-locks the campaign row while it checks the state: no answer with
        // a state being removed lands between the count below and the update.
        `SELECT answer_states FROM campaigns WHERE id = $1 FOR NO KEY UPDATE`,
        [campaignId],
      );
      if (!campaign) throw new NotFoundException(`No campaign ${campaignId}`);
      const used = await this.currentAnswerCounts(manager, campaignId);
      const inUse = campaign.answer_states
        .filter((state) => !unique.includes(state) && (used.get(state) ?? 0) > 0)
        .map((state) => `${state} (${used.get(state)} answer${used.get(state) === 1 ? '' : 's'})`);
      if (inUse.length > 0)
        throw new ConflictException(
          `Still the current answer of proposals, cannot be removed: ${inUse.join(', ')}. Answer those proposals again first.`,
        );
      const rows = await returningRows<{ answer_states: string[] }>(
        manager,
        `UPDATE campaigns SET answer_states = $2, updated_at = $3 WHERE id = $1 RETURNING answer_states`,
        [campaignId, unique, this.clock.now()],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'campaign.answer_states',
        targetType: 'campaign',
        targetId: campaignId,
        details: { states: unique, before: campaign.answer_states },
      });
      return rows[0].answer_states;
    });
  }

  /** How many of the campaign's proposals have each state as their current answer. */
  private async currentAnswerCounts(
    manager: EntityManager,
    campaignId: string,
  ): Promise<Map<string, number>> {
    const rows: Array<{ state: string; n: number }> = await manager.query(
      `SELECT current.state, count(*)::int AS n
       FROM proposals p
       JOIN LATERAL (
         SELECT a.state FROM proposal_answers a WHERE a.proposal_id = p.id
         ORDER BY a.version DESC LIMIT 1
       ) current ON true
       WHERE p.campaign_id = $1
       GROUP BY current.state`,
      [campaignId],
    );
    return new Map(rows.map((row) => [row.state, row.n]));
  }

  // ---- reading ----

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
    const now = this.clock.now();
    const values: unknown[] = [now];
    const where: string[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (!staffView || query.status !== 'draft') where.push(`p.status <> 'draft'`);
    if (scope) where.push(`p.territory_id = ANY(${param(scope)}::uuid[])`);
    if (query.territoryId)
      where.push(
        `p.territory_id IN (WITH RECURSIVE down AS (
           SELECT id FROM territories WHERE id = ${param(query.territoryId)}
           UNION SELECT t2.id FROM territories t2 JOIN down ON t2.parent_id = down.id
         ) SELECT id FROM down)`,
      );
    if (query.campaignId) where.push(`p.campaign_id = ${param(query.campaignId)}`);
    if (query.theme) where.push(`p.themes @> ARRAY[${param(query.theme)}]::text[]`);
    if (query.source) where.push(`p.source = ${param(query.source)}`);
    if (query.status) where.push(`p.status = ${param(query.status)}`);
    if (query.overdue === true)
      where.push(`p.status IN ('published', 'under_review') AND p.answer_due_at < $1`);
    if (query.overdue === false)
      where.push(`NOT (p.status IN ('published', 'under_review') AND p.answer_due_at < $1)`);
    const tsquery = searchQuery(query.q);
    let rank = '';
    if (tsquery) {
      const q = param(tsquery);
      where.push(`p.search_vector @@ to_tsquery('french_unaccent', ${q})`);
      rank = `ts_rank(p.search_vector, to_tsquery('french_unaccent', ${q})) DESC, `;
    }
    const order = {
      // These two follow the indexes (supports_count DESC, id) and (published_at DESC, id).
      supports: `p.supports_count DESC, p.id`,
      recent: `${rank}p.published_at DESC, p.id`,
      oldest: `p.published_at ASC NULLS LAST, p.created_at, p.id`,
      due: `p.answer_due_at ASC NULLS LAST, p.id`,
    }[query.sort ?? 'recent'];
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const limit = query.limit ?? DEFAULT_PAGE;
    const offset = query.offset ?? 0;
    if (tsquery) {
      // A text search reads every matching row anyway (the GIN index gives no order and no
      // count): one pass finds the page's ids and the total, then the page is read by id.
      const page: Array<{ id: string; total: number }> = await this.dataSource.query(
        `SELECT p.id, count(*) OVER ()::int AS total, $1::timestamptz AS at FROM proposals p ${whereSql}
         ORDER BY ${order} LIMIT ${param(limit)} OFFSET ${param(offset)}`,
        values,
      );
      if (page.length > 0) {
        const ids = page.map((row) => row.id);
        const rows: SummaryRow[] = await this.dataSource.query(
          `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} WHERE p.id = ANY($2::uuid[])`,
          [now, ids],
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        return {
          items: ids.map((id) => toSummary(byId.get(id)!)),
          total: page[0].total,
          limit,
          offset,
        };
      }
      // Past the last page: the total still has to be counted.
      values.splice(values.length - 2, 2);
    }
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} ${whereSql}
       ORDER BY ${order} LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      values,
    );
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      // $1 (now) is typed even when no filter uses it.
      `SELECT count(*)::int AS total, $1::timestamptz AS at FROM proposals p ${whereSql}`,
      values.slice(0, values.length - 2),
    );
    return { items: rows.map(toSummary), total, limit, offset };
  }

  /**
   * One proposal with its provenance, answers, follow-ups and supports over time. Drafts are
   * visible only to staff whose scope covers them (404 for everyone else).
   */
  async detail(actor: Actor, id: string, supporterKey: string | null): Promise<ProposalDetail> {
    const now = this.clock.now();
    const [row]: Array<
      SummaryRow & {
        need: string;
        action: string;
        campaign_title: string;
        answer_states: string[];
        workshop_id: string | null;
        workshop_title: string | null;
        workshop_date: Date | null;
        theme_name: string | null;
        panel_id: string | null;
      }
    > = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, p.need, p.action, c.title AS campaign_title, c.answer_states,
              p.workshop_id, w.title AS workshop_title, coalesce(w.starts_at, w.created_at) AS workshop_date,
              p.theme_name, p.panel_id
       FROM ${SUMMARY_FROM}
       JOIN campaigns c ON c.id = p.campaign_id
       LEFT JOIN workshops w ON w.id = p.workshop_id
       WHERE p.id = $2`,
      [now, id],
    );
    if (!row) throw new NotFoundException(`No proposal ${id}`);
    if (row.status === 'draft') {
      const allowed = isStaff(actor) && (await this.access.covers(actor, row.territory_id));
      if (!allowed) throw new NotFoundException(`No proposal ${id}`);
    }
    const [ideas, answers, followUps, supports, mine] = await Promise.all([
      this.dataSource.query(
        `SELECT i.id, i.text FROM proposal_ideas pi JOIN ideas i ON i.id = pi.idea_id
         WHERE pi.proposal_id = $1 AND i.hidden_at IS NULL ORDER BY i.created_at, i.id`,
        [id],
      ) as Promise<Array<{ id: string; text: string }>>,
      this.dataSource.query(
        `SELECT version, state, reasons, official_name, official_office, answered_at
         FROM proposal_answers WHERE proposal_id = $1 ORDER BY version DESC`,
        [id],
      ) as Promise<
        Array<{
          version: number;
          state: string;
          reasons: string;
          official_name: string;
          official_office: string | null;
          answered_at: Date;
        }>
      >,
      this.dataSource.query(
        `SELECT id, progress, text, author_name, created_at FROM proposal_follow_ups
         WHERE proposal_id = $1 ORDER BY created_at, id`,
        [id],
      ) as Promise<
        Array<{ id: string; progress: number; text: string; author_name: string; created_at: Date }>
      >,
      this.dataSource.query(
        `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
         FROM proposal_supports WHERE proposal_id = $1 GROUP BY 1 ORDER BY 1`,
        [id],
      ) as Promise<Array<{ day: string; count: number }>>,
      supporterKey
        ? (this.dataSource.query(
            `SELECT 1 FROM proposal_supports WHERE proposal_id = $1 AND supporter_key = $2`,
            [id, supporterKey],
          ) as Promise<unknown[]>)
        : Promise.resolve([]),
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
      supportedByMe: mine.length > 0,
    };
  }

  /** Per territory: proposals made public, answered, overdue, mean days to a first answer. */
  async figures(campaignId?: string, territoryId?: string): Promise<TerritoryProposalFigures[]> {
    const rows: Array<{
      territory_id: string;
      territory_name: string;
      proposals: number;
      answered: number;
      overdue: number;
      average_answer_days: number | null;
    }> = await this.dataSource.query(
      `SELECT p.territory_id, t.name AS territory_name, count(*)::int AS proposals,
              count(*) FILTER (WHERE p.status = 'answered')::int AS answered,
              count(*) FILTER (WHERE p.status IN ('published', 'under_review') AND p.answer_due_at < $1)::int AS overdue,
              round((avg(extract(epoch FROM p.answered_at - p.published_at))
                FILTER (WHERE p.answered_at IS NOT NULL) / 86400)::numeric, 1)::float AS average_answer_days
       FROM proposals p JOIN territories t ON t.id = p.territory_id
       WHERE p.status <> 'draft' AND ($2::uuid IS NULL OR p.campaign_id = $2)
         AND ($3::uuid IS NULL OR p.territory_id IN (
           WITH RECURSIVE down AS (
             SELECT id FROM territories WHERE id = $3
             UNION SELECT t2.id FROM territories t2 JOIN down ON t2.parent_id = down.id
           ) SELECT id FROM down))
       GROUP BY p.territory_id, t.name ORDER BY t.name`,
      [this.clock.now(), campaignId ?? null, territoryId ?? null],
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
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.queue(actor, { ...query, limit: pageSize, offset, sort: 'oldest' });
      const answers = await this.currentAnswers(page.items.map((item) => item.id));
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
      if (page.items.length < pageSize) break;
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  private async currentAnswers(ids: string[]) {
    const rows: Array<{
      proposal_id: string;
      state: string;
      reasons: string;
      official_name: string;
      official_office: string | null;
      answered_at: Date;
    }> = await this.dataSource.query(
      `SELECT DISTINCT ON (proposal_id) proposal_id, state, reasons, official_name, official_office, answered_at
       FROM proposal_answers WHERE proposal_id = ANY($1::uuid[]) ORDER BY proposal_id, version DESC`,
      [ids],
    );
    return new Map(rows.map((row) => [row.proposal_id, row]));
  }

  // ---- helpers shared with the other proposal services ----

  /** Locks the proposal row for the transaction; 404 when missing. */
  async lock(manager: EntityManager, id: string): Promise<ProposalRow> {
    const [row]: ProposalRow[] = await manager.query(
      `SELECT id, status, territory_id, campaign_id FROM proposals WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new NotFoundException(`No proposal ${id}`);
    return row;
  }

  /**
   * Answers and follow-ups are the elected officials': the role `official` (organisers only
   * when `organiserToo`), with a scope covering the proposal's territory.
   */
  async assertOfficialInScope(
    actor: StaffActor,
    territoryId: string,
    manager: EntityManager,
    organiserToo: boolean,
  ): Promise<void> {
    const allowed = organiserToo
      ? isStaff(actor, 'official', 'organiser')
      : isStaff(actor, 'official');
    if (!allowed) throw new ForbiddenException('Only elected officials answer proposals');
    if (!(await this.access.covers(actor, territoryId, manager)))
      throw new ForbiddenException('This territory is outside your scope');
  }

  private async insert(
    manager: EntityManager,
    userId: string | null,
    input: {
      campaignId: string;
      territoryId: string;
      title: string;
      need: string;
      action: string;
      themes?: string[];
      source: ProposalSource;
      sourceBody?: string;
      authors: string;
      workshopId?: string;
      themeId?: string | null;
      themeName?: string | null;
      panelId?: string;
    },
  ): Promise<string> {
    const now = this.clock.now();
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO proposals (campaign_id, territory_id, title, need, action, themes, source,
         source_body, authors, workshop_id, theme_id, theme_name, panel_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
       RETURNING id`,
      [
        input.campaignId,
        input.territoryId,
        input.title.trim(),
        input.need.trim(),
        input.action.trim(),
        cleanThemes(input.themes ?? []),
        input.source,
        input.sourceBody?.trim() || null,
        input.authors.trim(),
        input.workshopId ?? null,
        input.themeId ?? null,
        input.themeName ?? null,
        input.panelId ?? null,
        userId,
        now,
      ],
    );
    return row.id;
  }

  private async assertTerritory(manager: EntityManager, territoryId: string): Promise<void> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM territories WHERE id = $1`, [
      territoryId,
    ]);
    if (rows.length === 0)
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
  }

  private async assertCampaign(manager: EntityManager, campaignId: string): Promise<void> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    if (rows.length === 0)
      throw invalidField('body.campaignId', `Unknown campaign ${campaignId}`, 'unknownCampaign');
  }
}

function cleanThemes(themes: string[]): string[] {
  return [...new Set(themes.map((theme) => theme.trim()).filter((theme) => theme.length > 0))];
}

export type { ProposalSummary };
