import type { OutgoingMailPage } from '@permanente/contracts';
import { getJson } from '@web/shared/api/http';

/** The organisers' outgoing-mail page. */
export const mailApi = {
  outbox: (offset: number, signal?: AbortSignal) =>
    getJson<OutgoingMailPage>(`/api/mail/outbox?limit=20&offset=${offset}`, signal),
};
