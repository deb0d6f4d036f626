import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { CLOCK, Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailRepository, type OutboxRow } from './mail.repository';

/** A claimed mail is this worker's for this long; then another worker may retry it. */
export const MAIL_LEASE_MS = 120_000;
/** Attempts before a mail is marked failed (about a day and a half of backoff). */
export const MAIL_MAX_ATTEMPTS = 15;
const BATCH = 20;

/** The wait before attempt n + 1 after n failed ones: 1 s, 2 s, 4 s... at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A job the worker runs on every tick (the reminders and digests of `MailScheduler`). */
export interface MailTickJob {
  onMailTick(now: Date): Promise<void>;
}

/**
 * Sends the outbox over SMTP (nodemailer, `SMTP_URL`). Without SMTP_URL it sends nothing:
 * mails stay in the outbox, shown on the organisers' outgoing-mail page. Each tick claims due
 * mails (row locks with SKIP LOCKED and a lease: two instances never claim one mail), sends
 * each, and marks it sent, or schedules the next attempt with exponential backoff.
 *
 * Exactly once, and where it can fail: a mail is marked sent after the SMTP server accepted
 * it. If the process dies in between, the lease ends and the mail is sent again; the
 * Message-ID is derived from the idempotency key so that the receiving side sees the same
 * message twice rather than two messages.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly jobs: MailTickJob[] = [];

  constructor(
    private readonly repository: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  get sending(): boolean {
    return this.transport !== null;
  }

  addJob(job: MailTickJob): void {
    this.jobs.push(job);
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      this.logger.log('No SMTP_URL: mails are kept in the outbox (outgoing-mail page)');
    }
    this.timer = setInterval(() => void this.tick(), this.config.mailPollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport?.close();
  }

  /** One tick: the scheduled jobs, then the due mails. Ticks never overlap. */
  tick(): Promise<void> {
    if (!this.running)
      this.running = this.work().finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async work(): Promise<void> {
    try {
      for (const job of this.jobs) await job.onMailTick(this.clock.now());
      await this.sendDue();
    } catch (error) {
      this.logger.error(`Mail tick failed: ${(error as Error).message}`);
    }
  }

  /** Sends every due mail (nothing without SMTP_URL); the number sent. */
  async sendDue(): Promise<number> {
    if (!this.transport) return 0;
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await this.repository.claim(
        now,
        new Date(now.getTime() + MAIL_LEASE_MS),
        BATCH,
      );
      if (batch.length === 0) return sent;
      for (const mail of batch) if (await this.send(mail)) sent++;
    }
  }

  private async send(mail: OutboxRow): Promise<boolean> {
    try {
      await this.transport!.sendMail({
        from: this.config.mailFrom,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        headers: mail.headers,
        messageId: `<${createHash('sha256').update(mail.idempotency_key).digest('hex').slice(0, 40)}@permanente.mail>`,
      });
    } catch (error) {
      const message = (error as Error).message;
      const final = mail.attempts >= MAIL_MAX_ATTEMPTS;
      await this.repository.markFailed(
        mail.id,
        message,
        final
          ? { final: true }
          : { retryAt: new Date(this.clock.now().getTime() + backoffMs(mail.attempts)) },
      );
      this.logger.warn(
        `Mail ${mail.id} attempt ${mail.attempts} failed${final ? ' for good' : ''}: ${message}`,
      );
      return false;
    }
    await this.repository.markSent(mail.id, this.clock.now());
    return true;
  }
}
