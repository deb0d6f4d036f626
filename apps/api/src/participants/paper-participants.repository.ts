import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ParticipantProfile } from '@permanente/contracts';
import { DataSource } from 'typeorm';

/** The SQL of people heard on paper (PaperParticipantsService holds the rules). */
@Injectable()
export class PaperParticipantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores one line; an id already used in the workshop stores nothing and says so. */
  async insertOnce(
    workshopId: string,
    clientId: string,
    profile: ParticipantProfile,
    enteredBy: string,
  ): Promise<{ id: string; duplicate: boolean }> {
    const inserted: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO paper_participants (workshop_id, client_id, profile, entered_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (workshop_id, client_id) DO NOTHING RETURNING id`,
      [workshopId, clientId, JSON.stringify(profile), enteredBy],
    );
    if (inserted.length > 0) return { id: inserted[0].id, duplicate: false };
    const [existing]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM paper_participants WHERE workshop_id = $1 AND client_id = $2`,
      [workshopId, clientId],
    );
    return { id: existing.id, duplicate: true };
  }
}
