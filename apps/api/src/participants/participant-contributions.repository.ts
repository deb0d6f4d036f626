import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContributionActivity, ParticipantContribution } from '@permanente/contracts';
import { DataSource } from 'typeorm';

interface ActivityColumns {
  workshop_id: string;
  workshop_title: string;
  activity_id: string;
  activity_kind: string;
  activity_prompt: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const activityOf = (row: ActivityColumns): ContributionActivity => ({
  id: row.activity_id,
  kind: row.activity_kind,
  prompt: row.activity_prompt,
});
const workshopOf = (row: { workshop_id: string; workshop_title: string }) => ({
  id: row.workshop_id,
  title: row.workshop_title,
});

// The activity and workshop columns every live contribution carries (alias a = activities).
const ACTIVITY_SELECT = `w.id AS workshop_id, w.title AS workshop_title, a.id AS activity_id,
  a.kind AS activity_kind, a.prompt AS activity_prompt`;

/**
 * Everything a participant contributed, read from every table that holds a contribution: the
 * "my data" export. A new kind of contribution must be added here (the integration test
 * compares the export with the participant's rows).
 */
@Injectable()
export class ParticipantContributionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forParticipant(participantId: string): Promise<ParticipantContribution[]> {
    const all = [
      ...(await this.ideas(participantId)),
      ...(await this.dots(participantId)),
      ...(await this.positions(participantId)),
      ...(await this.pollAnswers(participantId)),
      ...(await this.supports(participantId)),
      ...(await this.comments(participantId)),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }

  private async ideas(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<
      ActivityColumns & {
        id: string;
        text: string;
        category: string | null;
        theme: string | null;
        hidden: boolean;
        created_at: Date;
      }
    > = await this.dataSource.query(
      `SELECT ${ACTIVITY_SELECT}, i.id, i.text, i.category, t.name AS theme,
              (i.hidden_at IS NOT NULL) AS hidden, i.created_at
       FROM ideas i JOIN activities a ON a.id = i.activity_id JOIN workshops w ON w.id = i.workshop_id
       LEFT JOIN themes t ON t.id = i.theme_id
       WHERE i.participant_id = $1`,
      [participantId],
    );
    return rows.map((row) => ({
      kind: 'idea',
      at: iso(row.created_at),
      workshop: workshopOf(row),
      activity: activityOf(row),
      id: row.id,
      text: row.text,
      category: row.category,
      theme: row.theme,
      hidden: row.hidden,
    }));
  }

  /**
   * Dots on ideas and on themes. A vote row keeps no time of its own: its time is that of the
   * participant's last vote operation in the activity (live_operations keeps each one; the
   * activity's creation for a vote without one, such as one written by a data import).
   */
  private async dots(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<
      ActivityColumns & {
        target_kind: 'idea' | 'theme';
        target_id: string;
        label: string;
        dots: number;
        at: Date;
      }
    > = await this.dataSource.query(
      `WITH voted AS (
         SELECT activity_id, 'idea' AS target_kind, idea_id AS target_id, dots FROM dot_votes WHERE participant_id = $1
         UNION ALL
         SELECT activity_id, 'theme', theme_id, dots FROM theme_dot_votes WHERE participant_id = $1)
       SELECT ${ACTIVITY_SELECT}, v.target_kind, v.target_id, COALESCE(i.text, t.name) AS label, v.dots,
              COALESCE((SELECT max(o.created_at) FROM live_operations o
               WHERE o.participant_id = $1 AND o.result -> 'mine' ->> 'activityId' = a.id::text),
               a.created_at) AS at
       FROM voted v JOIN activities a ON a.id = v.activity_id JOIN workshops w ON w.id = a.workshop_id
       LEFT JOIN ideas i ON v.target_kind = 'idea' AND i.id = v.target_id
       LEFT JOIN themes t ON v.target_kind = 'theme' AND t.id = v.target_id`,
      [participantId],
    );
    return rows.map((row) => ({
      kind: 'dots',
      at: iso(row.at),
      workshop: workshopOf(row),
      activity: activityOf(row),
      target: { kind: row.target_kind, id: row.target_id, label: row.label },
      dots: row.dots,
    }));
  }

  private async positions(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<ActivityColumns & { position: number; updated_at: Date }> =
      await this.dataSource.query(
        `SELECT ${ACTIVITY_SELECT}, s.position, s.updated_at
         FROM spectrum_positions s JOIN activities a ON a.id = s.activity_id JOIN workshops w ON w.id = a.workshop_id
         WHERE s.participant_id = $1`,
        [participantId],
      );
    return rows.map((row) => ({
      kind: 'position',
      at: iso(row.updated_at),
      workshop: workshopOf(row),
      activity: activityOf(row),
      position: row.position,
    }));
  }

  private async pollAnswers(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<
      ActivityColumns & { choices: number[]; options: string[]; updated_at: Date }
    > = await this.dataSource.query(
      `SELECT ${ACTIVITY_SELECT}, q.choices, a.options, q.updated_at
       FROM poll_answers q JOIN activities a ON a.id = q.activity_id JOIN workshops w ON w.id = a.workshop_id
       WHERE q.participant_id = $1`,
      [participantId],
    );
    return rows.map((row) => ({
      kind: 'poll_answer',
      at: iso(row.updated_at),
      workshop: workshopOf(row),
      activity: activityOf(row),
      choices: row.choices,
      options: row.choices.map((index) => row.options[index] ?? ''),
    }));
  }

  /** Supports and comments are made under the participant's key, from its workshop. */
  private async supports(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<{
      workshop_id: string;
      workshop_title: string;
      proposal_id: string;
      proposal_title: string;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT w.id AS workshop_id, w.title AS workshop_title, p.id AS proposal_id, p.title AS proposal_title, s.created_at
       FROM proposal_supports s JOIN proposals p ON p.id = s.proposal_id
       JOIN participants me ON me.id = $1 JOIN workshops w ON w.id = me.workshop_id
       WHERE s.supporter_key = 'participant:' || $1::text`,
      [participantId],
    );
    return rows.map((row) => ({
      kind: 'support',
      at: iso(row.created_at),
      workshop: workshopOf(row),
      proposal: { id: row.proposal_id, title: row.proposal_title },
    }));
  }

  private async comments(participantId: string): Promise<ParticipantContribution[]> {
    const rows: Array<{
      workshop_id: string;
      workshop_title: string;
      id: string;
      proposal_id: string;
      proposal_title: string;
      text: string;
      hidden: boolean;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT w.id AS workshop_id, w.title AS workshop_title, c.id, p.id AS proposal_id,
              p.title AS proposal_title, c.text, (c.hidden_at IS NOT NULL) AS hidden, c.created_at
       FROM proposal_comments c JOIN proposals p ON p.id = c.proposal_id
       JOIN participants me ON me.id = $1 JOIN workshops w ON w.id = me.workshop_id
       WHERE c.author_key = 'participant:' || $1::text`,
      [participantId],
    );
    return rows.map((row) => ({
      kind: 'comment',
      at: iso(row.created_at),
      workshop: workshopOf(row),
      id: row.id,
      proposal: { id: row.proposal_id, title: row.proposal_title },
      text: row.text,
      hidden: row.hidden,
    }));
  }
}
