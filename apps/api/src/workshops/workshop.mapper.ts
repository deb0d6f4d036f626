import type { WorkshopParticipantView, WorkshopResponse } from '@permanente/contracts';
import type { WorkshopEntity } from './workshop.entity';

export function toWorkshopResponse(workshop: WorkshopEntity): WorkshopResponse {
  return {
    id: workshop.id,
    code: workshop.code,
    title: workshop.title,
    kind: workshop.kind,
    status: workshop.status,
    entryLocked: workshop.entryLocked,
    territoryId: workshop.territoryId,
    place: workshop.place,
    startsAt: workshop.startsAt?.toISOString() ?? null,
    createdAt: workshop.createdAt.toISOString(),
  };
}

export function toParticipantView(workshop: WorkshopEntity): WorkshopParticipantView {
  return {
    id: workshop.id,
    title: workshop.title,
    kind: workshop.kind,
    status: workshop.status,
    place: workshop.place,
    startsAt: workshop.startsAt?.toISOString() ?? null,
  };
}
