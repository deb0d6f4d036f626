import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  mailContent,
  type MailCategory,
  type MailLanguage,
  type MailParams,
  type MailTemplate,
} from './mail-messages';
import { renderMail } from './mail-render';
import { addressHash, readUnsubscribeToken, unsubscribeToken } from './mail-tokens';
import { MailRepository } from './mail.repository';

export interface OutgoingMail<K extends MailTemplate> {
  /** Unique per mail: recording the same key twice records one mail. */
  idempotencyKey: string;
  category: MailCategory;
  template: K;
  params: MailParams[K];
  to: string;
  language: MailLanguage;
  /** The identity the address belongs to (erased with it), when there is one. */
  recipientKey?: string | null;
}

/**
 * Records mails in the outbox, inside the caller's transaction: the mail exists if and only
 * if the event that causes it committed. The worker (`MailWorker`) sends them later.
 */
@Injectable()
export class MailOutboxService {
  constructor(
    private readonly repository: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Renders and records the mail unless its address unsubscribed from the category or a mail
   * with its key exists; whether it was recorded.
   */
  async enqueue<K extends MailTemplate>(
    manager: EntityManager,
    mail: OutgoingMail<K>,
  ): Promise<boolean> {
    const secret = await this.repository.secret(manager);
    const hash = addressHash(secret, mail.to);
    if (await this.repository.isUnsubscribed(manager, hash, mail.category)) return false;
    if (await this.repository.exists(manager, mail.idempotencyKey)) return false;
    const unsubscribeUrl = `${this.config.publicUrl}/api/mail/unsubscribe?token=${unsubscribeToken(secret, mail.category, hash)}`;
    const rendered = renderMail(
      mail.language,
      mail.category,
      mailContent(mail.language, mail.template, mail.params),
      unsubscribeUrl,
    );
    return this.repository.insert(manager, {
      idempotencyKey: mail.idempotencyKey,
      category: mail.category,
      recipient: mail.to.trim(),
      recipientKey: mail.recipientKey ?? null,
      addressHash: hash,
      language: mail.language,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: {
        // RFC 2369 and RFC 8058: one-click unsubscribe by a POST to this URL, no sign-in.
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      at: this.clock.now(),
    });
  }

  /** Follows a signed unsubscribe link: that address gets no more mail of its category. */
  async unsubscribe(token: string): Promise<MailCategory> {
    const secret = await this.repository.secret(this.repository.manager);
    const read = readUnsubscribeToken(secret, token);
    if (!read)
      throw invalidField('query.token', 'This unsubscribe link is unknown or altered', 'badToken');
    await this.repository.unsubscribe(read.hash, read.category, this.clock.now());
    return read.category;
  }

  /** Whether a token is well signed (the confirmation page checks before showing its form). */
  async checkToken(token: string): Promise<MailCategory | null> {
    const secret = await this.repository.secret(this.repository.manager);
    return readUnsubscribeToken(secret, token)?.category ?? null;
  }
}
