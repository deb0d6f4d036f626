import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

export type MailStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: string;
  idempotency_key: string;
  category: string;
  recipient: string;
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NewMail {
  idempotencyKey: string;
  category: string;
  recipient: string;
  recipientKey: string | null;
  addressHash: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  at: Date;
}

export interface ContactRow {
  identity_key: string;
  email: string;
  language: 'fr' | 'en';
}

/** Every SQL statement of the outbox, the contacts and the unsubscribes. */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The deployment's signing secret, made on first use when missing. */
  async secret(manager: EntityManager): Promise<string> {
    await manager.query(
      `INSERT INTO mail_secret (id, secret) VALUES (true, $1) ON CONFLICT (id) DO NOTHING`,
      [randomBytes(32).toString('hex')],
    );
    const [row]: Array<{ secret: string }> = await manager.query(
      `SELECT secret FROM mail_secret WHERE id`,
    );
    return row.secret;
  }

  /** Records a mail unless one with its idempotency key exists; whether it was added. */
  async insert(manager: EntityManager, mail: NewMail): Promise<boolean> {
    const rows = await returningRows(
      manager,
      `INSERT INTO mail_outbox (idempotency_key, category, recipient, recipient_key, language,
         subject, text_body, html_body, headers, next_attempt_at, created_at, address_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        mail.idempotencyKey,
        mail.category,
        mail.recipient,
        mail.recipientKey,
        mail.language,
        mail.subject,
        mail.text,
        mail.html,
        JSON.stringify(mail.headers),
        mail.at,
        mail.addressHash,
      ],
    );
    return rows.length > 0;
  }

  async exists(manager: EntityManager, idempotencyKey: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM mail_outbox WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    return rows.length > 0;
  }

  async isUnsubscribed(manager: EntityManager, hash: string, category: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM mail_unsubscribes WHERE address_hash = $1 AND category = $2`,
      [hash, category],
    );
    return rows.length > 0;
  }

  /**
   * Unsubscribes the address hash from the category, and drops the mails of that category
   * still waiting for it (they were recorded before the click).
   */
  async unsubscribe(hash: string, category: string, at: Date): Promise<void> {
    await this.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO mail_unsubscribes (address_hash, category, created_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [hash, category, at],
      );
      await manager.query(
        `UPDATE mail_outbox SET status = 'cancelled', locked_until = NULL
         WHERE address_hash = $1 AND category = $2 AND status = 'pending'`,
        [hash, category],
      );
    });
  }

  /**
   * Claims up to `limit` due mails for this worker: row-locked with SKIP LOCKED, so two
   * instances never claim the same row, and leased until `leaseUntil` (a worker that dies
   * holding a lease leaves the mail to the next one after it ends). Counts the attempt.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
    return this.transaction((manager) =>
      returningRows<OutboxRow>(
        manager,
        `UPDATE mail_outbox SET locked_until = $2, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM mail_outbox
           WHERE status = 'pending' AND next_attempt_at <= $1
             AND (locked_until IS NULL OR locked_until <= $1)
           ORDER BY next_attempt_at, created_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, leaseUntil, limit],
      ),
    );
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL
       WHERE id = $1`,
      [id, at],
    );
  }

  async markFailed(
    id: string,
    error: string,
    next: { retryAt: Date } | { final: true },
  ): Promise<void> {
    await this.manager.query(
      `UPDATE mail_outbox SET locked_until = NULL, last_error = $2,
         status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
       WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 500), 'retryAt' in next ? next.retryAt : null],
    );
  }

  page(limit: number, offset: number): Promise<OutboxRow[]> {
    return this.manager.query(
      `SELECT * FROM mail_outbox ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
  }

  async count(): Promise<number> {
    const [row]: Array<{ n: number }> = await this.manager.query(
      `SELECT count(*)::int AS n FROM mail_outbox`,
    );
    return row.n;
  }

  // ---- contacts ----

  /** Records (or replaces) the address an identity gave, with the categories consented to. */
  async upsertContact(
    manager: EntityManager,
    contact: { key: string; email: string; language: string; categories: string[]; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_contacts (identity_key, email, language, categories, consented_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (identity_key) DO UPDATE SET email = $2, language = $3, categories = $4,
         consented_at = $5`,
      [contact.key, contact.email, contact.language, contact.categories, contact.at],
    );
  }

  async contact(manager: EntityManager, key: string): Promise<ContactRow | null> {
    const [row]: ContactRow[] = await manager.query(
      `SELECT identity_key, email, language FROM mail_contacts WHERE identity_key = $1`,
      [key],
    );
    return row ?? null;
  }

  /** An identity's address as its data export shows it, or null. */
  async contactExport(
    key: string,
  ): Promise<{ email: string; language: string; consentedAt: string } | null> {
    const [row]: Array<{ email: string; language: string; consented_at: Date }> =
      await this.manager.query(
        `SELECT email, language, consented_at FROM mail_contacts WHERE identity_key = $1`,
        [key],
      );
    return row
      ? {
          email: row.email,
          language: row.language,
          consentedAt: new Date(row.consented_at).toISOString(),
        }
      : null;
  }

  /** The contacts who follow or support the proposal and consented to the category. */
  followersOf(manager: EntityManager, proposalId: string, category: string): Promise<ContactRow[]> {
    return manager.query(
      `SELECT c.identity_key, c.email, c.language FROM mail_contacts c
       WHERE $2 = ANY (c.categories) AND c.identity_key IN (
         SELECT follower_key FROM proposal_followers WHERE proposal_id = $1
         UNION SELECT supporter_key FROM proposal_supports WHERE proposal_id = $1)
       ORDER BY c.identity_key`,
      [proposalId, category],
    );
  }

  /** Erases an identity's address and every mail kept for it. */
  async eraseIdentity(manager: EntityManager, key: string): Promise<void> {
    await manager.query(`DELETE FROM mail_contacts WHERE identity_key = $1`, [key]);
    await manager.query(`DELETE FROM mail_outbox WHERE recipient_key = $1`, [key]);
  }
}
