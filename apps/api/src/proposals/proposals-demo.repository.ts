import type { EntityManager } from 'typeorm';
import type { NewProposalValues } from './proposals.repository';

// The SQL of the demo proposals (proposals-demo.ts decides what they say and when they were
// published, answered and supported), written directly, in the seed's transaction.

/**
 * A demo proposal as stored, in any state (the columns of a new proposal, with its status,
 * supports and dates): its answer due date follows from its campaign's delay.
 */
export interface NewDemoProposal extends Omit<NewProposalValues, 'panelId' | 'createdBy'> {
  status: string;
  supports: number;
  publishedAt: Date | null;
  answeredAt: Date | null;
}

/** The official who answers. */
export interface DemoOfficialRow {
  id: string;
  display_name: string;
  office: string | null;
}

/** The id of the territory of this code (it must exist). */
export async function territoryIdByCode(manager: EntityManager, code: string): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `SELECT id FROM territories WHERE code = $1`,
    [code],
  );
  return id;
}

/** Inserts a theme of a demo workshop: its id. */
export async function insertDemoTheme(
  manager: EntityManager,
  workshopId: string,
  name: string,
  position: number,
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO themes (workshop_id, name, position) VALUES ($1, $2, $3) RETURNING id`,
    [workshopId, name, position],
  );
  return id;
}

/** Inserts an idea written on paper, sorted into a theme: its id. */
export async function insertPaperIdea(
  manager: EntityManager,
  idea: {
    workshopId: string;
    activityId: string;
    clientId: string;
    text: string;
    themeId: string;
    createdAt: Date;
  },
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO ideas (workshop_id, activity_id, client_id, text, origin, theme_id, created_at)
     VALUES ($1, $2, $3, $4, 'paper', $5, $6) RETURNING id`,
    [idea.workshopId, idea.activityId, idea.clientId, idea.text, idea.themeId, idea.createdAt],
  );
  return id;
}

/** Inserts a demo proposal (with the ideas it comes from): its id. */
export async function insertDemoProposal(
  manager: EntityManager,
  p: NewDemoProposal,
  ideaIds: string[] | null,
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO proposals (campaign_id, territory_id, title, need, action, themes, source, source_body,
       authors, workshop_id, theme_id, theme_name, status, supports_count, created_at, updated_at,
       published_at, answer_due_at, answered_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16::timestamptz,
            $16::timestamptz + make_interval(days => c.answer_delay_days), $17
     FROM campaigns c WHERE c.id = $1
     RETURNING id`,
    [
      p.campaignId,
      p.territoryId,
      p.title,
      p.need,
      p.action,
      p.themes,
      p.source,
      p.sourceBody,
      p.authors,
      p.workshopId,
      p.themeId,
      p.themeName,
      p.status,
      p.supports,
      p.createdAt,
      p.publishedAt,
      p.answeredAt,
    ],
  );
  if (ideaIds)
    await manager.query(
      `INSERT INTO proposal_ideas (proposal_id, idea_id) SELECT $1, unnest($2::uuid[])`,
      [id, ideaIds],
    );
  return id;
}

/** The official of this e-mail address (who must exist). */
export async function demoOfficial(
  manager: EntityManager,
  email: string,
): Promise<DemoOfficialRow> {
  const [official]: DemoOfficialRow[] = await manager.query(
    `SELECT id, display_name, office FROM users WHERE email = $1`,
    [email],
  );
  return official;
}

/** Inserts the first answer to a proposal. */
export async function insertDemoAnswer(
  manager: EntityManager,
  proposalId: string,
  answer: { state: string; reasons: string; official: DemoOfficialRow; answeredAt: Date },
): Promise<void> {
  await manager.query(
    `INSERT INTO proposal_answers (proposal_id, version, state, reasons, official_user_id, official_name,
       official_office, answered_at)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7)`,
    [
      proposalId,
      answer.state,
      answer.reasons,
      answer.official.id,
      answer.official.display_name,
      answer.official.office,
      answer.answeredAt,
    ],
  );
}

/** Inserts a follow-up of an answered proposal. */
export async function insertDemoFollowUp(
  manager: EntityManager,
  proposalId: string,
  followUp: { progress: number; text: string; authorId: string; authorName: string; at: Date },
): Promise<void> {
  await manager.query(
    `INSERT INTO proposal_follow_ups (proposal_id, progress, text, author_user_id, author_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      proposalId,
      followUp.progress,
      followUp.text,
      followUp.authorId,
      followUp.authorName,
      followUp.at,
    ],
  );
}

/** Inserts a public support of a proposal (a pseudonymous demo identity). */
export async function insertDemoSupport(
  manager: EntityManager,
  proposalId: string,
  supporterKey: string,
  at: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO proposal_supports (proposal_id, supporter_key, supporter_kind, created_at)
     VALUES ($1, $2, 'public', $3)`,
    [proposalId, supporterKey, at],
  );
}
