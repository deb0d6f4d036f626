import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateProposalRequest,
  DraftFromWorkshopRequest,
  ProposalDetail,
  ProposalSource,
  ProposalSummary,
  UpdateProposalRequest,
} from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { ProposalQueriesService } from './proposal-queries.service';
import {
  ProposalsRepository,
  type DraftChanges,
  type IdeaTextRow,
  type ProposalLockRow,
} from './proposals.repository';
import { DomainError } from '../common/domain-error';

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

/**
 * The life cycle of proposals: drafting (by hand, from a closed workshop's theme or ideas,
 * or from a panel), changes to a draft, publication with an answer due date, review, and the
 * campaign's answer states. Reading is in ProposalQueriesService, answers and follow-ups in
 * AnswersService, supports and comments in EngagementService; the SQL in ProposalsRepository.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly queries: ProposalQueriesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- drafting ----

  /** A facilitator or an organiser in scope writes a draft by hand (a body's referral...). */
  async create(actor: StaffActor, request: CreateProposalRequest): Promise<ProposalDetail> {
    const id = await this.proposals.transaction(async (manager) => {
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
    return this.queries.detail(actor, id, null);
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
    const id = await this.proposals.transaction(async (manager) => {
      await this.access.assertRunsWorkshop(actor, request.workshopId, manager);
      const workshop = (await this.proposals.workshopForDraft(manager, request.workshopId))!;
      if (workshop.status !== 'closed')
        throw new DomainError('conflict', 'Close the workshop before drafting proposals from it');
      const campaignId = request.campaignId ?? workshop.campaign_id;
      if (!campaignId)
        throw invalidField(
          'body.campaignId',
          'This workshop belongs to no campaign: say which one',
          'required',
        );
      await this.assertCampaign(manager, campaignId);

      let themeName: string | null = null;
      let ideas: IdeaTextRow[];
      if (request.themeId !== undefined) {
        themeName = await this.proposals.themeName(manager, request.themeId, request.workshopId);
        if (themeName === null)
          throw invalidField('body.themeId', 'No such theme in this workshop', 'unknownTheme');
        ideas = await this.proposals.visibleIdeasOfTheme(manager, request.themeId);
        if (ideas.length === 0)
          throw invalidField('body.themeId', 'This theme has no visible idea', 'emptyTheme');
      } else {
        const wanted = [...new Set(request.ideaIds)];
        ideas = await this.proposals.visibleIdeas(manager, wanted, request.workshopId);
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
      await this.proposals.linkIdeas(
        manager,
        proposalId,
        ideas.map((idea) => idea.id),
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
    return this.queries.detail(actor, id, null);
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
    return manager ? work(manager) : this.proposals.transaction(work);
  }

  async update(
    actor: StaffActor,
    id: string,
    request: UpdateProposalRequest,
  ): Promise<ProposalDetail> {
    await this.proposals.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.access.assertCan(actor, ['facilitator'], proposal.territory_id, manager);
      if (proposal.status !== 'draft')
        throw new DomainError('conflict', 'Only a draft can be changed; answers refer to its text');
      const changes: DraftChanges = {};
      if (request.title !== undefined) changes.title = request.title.trim();
      if (request.need !== undefined) changes.need = request.need.trim();
      if (request.action !== undefined) changes.action = request.action.trim();
      if (request.themes !== undefined) changes.themes = cleanThemes(request.themes);
      if (request.authors !== undefined) changes.authors = request.authors.trim();
      if (request.sourceBody !== undefined) changes.source_body = request.sourceBody.trim() || null;
      await this.proposals.updateDraft(manager, id, changes, this.clock.now());
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.updated',
        targetType: 'proposal',
        targetId: id,
        details: { fields: Object.keys(request) },
      });
    });
    return this.queries.detail(actor, id, null);
  }

  // ---- lifecycle ----

  /** draft → published: the answer due date starts now (campaign's answer delay). */
  async publish(actor: StaffActor, id: string): Promise<ProposalDetail> {
    await this.proposals.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.access.assertCan(actor, ['facilitator'], proposal.territory_id, manager);
      await this.publishIn(manager, actor, id);
    });
    return this.queries.detail(actor, id, null);
  }

  private async publishIn(
    manager: EntityManager,
    actor: StaffActor | null,
    id: string,
  ): Promise<void> {
    if (!(await this.proposals.publish(manager, id, this.clock.now())))
      throw new DomainError('conflict', 'Only a draft can be published');
    await this.audit.record(manager, {
      actorUserId: actor?.userId ?? null,
      action: 'proposal.published',
      targetType: 'proposal',
      targetId: id,
    });
  }

  /** published → under review: an official in scope takes it up. */
  async startReview(actor: StaffActor, id: string): Promise<ProposalDetail> {
    await this.proposals.transaction(async (manager) => {
      const proposal = await this.lock(manager, id);
      await this.assertOfficialInScope(actor, proposal.territory_id, manager, true);
      if (proposal.status !== 'published')
        throw new DomainError('conflict', `A proposal ${proposal.status} cannot go under review`);
      await this.proposals.startReview(manager, id, this.clock.now());
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.under_review',
        targetType: 'proposal',
        targetId: id,
      });
    });
    return this.queries.detail(actor, id, null);
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
    return this.proposals.transaction(async (manager) => {
      // Answering share-locks the campaign row while it checks the state: no answer with
      // a state being removed lands between the count below and the update.
      const before = await this.proposals.answerStates(manager, campaignId, 'update');
      if (!before) throw new DomainError('not_found', `No campaign ${campaignId}`);
      const used = await this.proposals.currentAnswerCounts(manager, campaignId);
      const inUse = before
        .filter((state) => !unique.includes(state) && (used.get(state) ?? 0) > 0)
        .map((state) => `${state} (${used.get(state)} answer${used.get(state) === 1 ? '' : 's'})`);
      if (inUse.length > 0)
        throw new DomainError(
          'conflict',
          `Still the current answer of proposals, cannot be removed: ${inUse.join(', ')}. Answer those proposals again first.`,
        );
      const after = await this.proposals.setAnswerStates(
        manager,
        campaignId,
        unique,
        this.clock.now(),
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'campaign.answer_states',
        targetType: 'campaign',
        targetId: campaignId,
        details: { states: unique, before },
      });
      return after;
    });
  }

  // ---- helpers shared with the other proposal services ----

  /** Locks the proposal row for the transaction; 404 when missing. */
  async lock(manager: EntityManager, id: string): Promise<ProposalLockRow> {
    const row = await this.proposals.lock(manager, id);
    if (!row) throw new DomainError('not_found', `No proposal ${id}`);
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
    if (!allowed) throw new DomainError('forbidden', 'Only elected officials answer proposals');
    if (!(await this.access.covers(actor, territoryId, manager)))
      throw new DomainError('forbidden', 'This territory is outside your scope');
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
    return this.proposals.insert(manager, {
      campaignId: input.campaignId,
      territoryId: input.territoryId,
      title: input.title.trim(),
      need: input.need.trim(),
      action: input.action.trim(),
      themes: cleanThemes(input.themes ?? []),
      source: input.source,
      sourceBody: input.sourceBody?.trim() || null,
      authors: input.authors.trim(),
      workshopId: input.workshopId ?? null,
      themeId: input.themeId ?? null,
      themeName: input.themeName ?? null,
      panelId: input.panelId ?? null,
      createdBy: userId,
      createdAt: this.clock.now(),
    });
  }

  private async assertTerritory(manager: EntityManager, territoryId: string): Promise<void> {
    if (!(await this.proposals.territoryExists(manager, territoryId)))
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
  }

  private async assertCampaign(manager: EntityManager, campaignId: string): Promise<void> {
    if (!(await this.proposals.campaignExists(manager, campaignId)))
      throw invalidField('body.campaignId', `Unknown campaign ${campaignId}`, 'unknownCampaign');
  }
}

function cleanThemes(themes: string[]): string[] {
  return [...new Set(themes.map((theme) => theme.trim()).filter((theme) => theme.length > 0))];
}

export type { ProposalSummary };
