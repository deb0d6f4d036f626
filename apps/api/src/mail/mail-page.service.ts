import { Injectable } from '@nestjs/common';
import type { OutgoingMailPage } from '@permanente/contracts';
import { MailRepository } from './mail.repository';
import { MailWorker } from './mail-worker';

/** The organisers' outgoing-mail page: every mail of the outbox, newest first. */
@Injectable()
export class MailPageService {
  constructor(
    private readonly repository: MailRepository,
    private readonly worker: MailWorker,
  ) {}

  async page(limit: number, offset: number): Promise<OutgoingMailPage> {
    const rows = await this.repository.page(limit, offset);
    return {
      items: rows.map((row) => ({
        id: row.id,
        category: row.category,
        recipient: row.recipient,
        language: row.language,
        subject: row.subject,
        text: row.text_body,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: new Date(row.created_at).toISOString(),
        sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
      })),
      total: await this.repository.count(),
      limit,
      offset,
      smtpConfigured: this.worker.sending,
    };
  }
}
