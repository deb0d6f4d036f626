import type { EntityManager } from 'typeorm';

// The SQL of the demo tour's Fabriks (tour-demo.ts decides what they hold; the tour, its
// stops and the initiatives go through their services).

/** A territory the demo tour may stop in. */
export interface DemoTerritoryRow {
  id: string;
  code: string;
  name: string;
}

/** Every territory. */
export function demoTerritories(manager: EntityManager): Promise<DemoTerritoryRow[]> {
  return manager.query(`SELECT id, code, name FROM territories`);
}

/** The id of the workshop with this join code, if there is one. */
export async function workshopIdByCode(
  manager: EntityManager,
  code: string,
): Promise<string | undefined> {
  const [row]: Array<{ id: string }> = await manager.query(
    `SELECT id FROM workshops WHERE code = $1`,
    [code],
  );
  return row?.id;
}

/** Inserts a participant of a demo workshop: its id. */
export async function insertDemoParticipant(
  manager: EntityManager,
  workshopId: string,
  tokenHash: string,
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO participants (workshop_id, token_hash) VALUES ($1, $2) RETURNING id`,
    [workshopId, tokenHash],
  );
  return id;
}

/** Inserts an idea a participant gave (on the phone or on paper). */
export async function insertDemoIdea(
  manager: EntityManager,
  idea: {
    workshopId: string;
    activityId: string;
    participantId: string;
    clientId: string;
    text: string;
    origin: 'phone' | 'paper';
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO ideas (workshop_id, activity_id, participant_id, client_id, text, origin)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [idea.workshopId, idea.activityId, idea.participantId, idea.clientId, idea.text, idea.origin],
  );
}

/** Inserts a participant's place on a spectrum. */
export async function insertDemoPosition(
  manager: EntityManager,
  activityId: string,
  participantId: string,
  position: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO spectrum_positions (activity_id, participant_id, position) VALUES ($1, $2, $3)`,
    [activityId, participantId, position],
  );
}
