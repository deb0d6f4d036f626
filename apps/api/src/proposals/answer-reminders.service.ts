import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { MailWorker, type MailTickJob } from '../mail/mail-worker';
import { AnswerRemindersRepository } from './answer-reminders.repository';

const DAY = 86_400_000;
/** Reminders are looked for at most this often (the worker ticks every few seconds). */
const EVERY_MS = 60_000;
/** The weekly digest goes out on Mondays from this hour, Paris time. */
const DIGEST_HOUR = 8;

/** The Paris date and hour of an instant, and its ISO week ("2026-W10"). */
export function parisWeek(now: Date): { weekday: number; hour: number; week: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const date = new Date(Date.UTC(+parts['year'], +parts['month'] - 1, +parts['day']));
  const weekday = date.getUTCDay() || 7; // Monday 1 ... Sunday 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY + 1) / 7);
  return {
    weekday,
    hour: +parts['hour'],
    week: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`,
  };
}

/**
 * Officials hear of their queue: a reminder `ANSWER_REMINDER_DAYS` days before each answer
 * falls due, another when it is overdue, and a digest every Monday morning. Run by the mail
 * worker's tick with its clock; each mail's idempotency key (proposal, official, due date; or
 * official and week) makes a second run, or a second instance, record nothing more.
 */
@Injectable()
export class AnswerRemindersService implements MailTickJob, OnModuleInit {
  private lastRun = 0;

  constructor(
    private readonly repository: AnswerRemindersRepository,
    private readonly outbox: MailOutboxService,
    private readonly worker: MailWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.worker.addJob(this);
  }

  async onMailTick(now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastRun) < EVERY_MS) return;
    this.lastRun = now.getTime();
    await this.run(now);
  }

  /** Records every reminder and digest due at `now` that is not recorded yet. */
  async run(now: Date): Promise<void> {
    const days = this.config.answerReminderDays;
    await this.repository.transaction(async (manager) => {
      for (const kind of ['soon', 'overdue'] as const) {
        for (const row of await this.repository.reminders(manager, kind, now, days)) {
          const due = new Date(row.answer_due_at);
          const url = `${this.config.publicUrl}/officials/proposals/${row.proposal_id}`;
          await this.outbox.enqueue(manager, {
            idempotencyKey: row.key,
            category: 'official_reminders',
            ...(kind === 'soon'
              ? {
                  template: 'answer_due_soon' as const,
                  params: {
                    title: row.title,
                    days: Math.max(1, Math.ceil((due.getTime() - now.getTime()) / DAY)),
                    dueDate: due,
                    url,
                  },
                }
              : {
                  template: 'answer_overdue' as const,
                  params: {
                    title: row.title,
                    daysLate: Math.max(1, Math.ceil((now.getTime() - due.getTime()) / DAY)),
                    dueDate: due,
                    url,
                  },
                }),
            to: row.email,
            language: 'fr',
            recipientKey: `staff:${row.user_id}`,
          });
        }
      }
      const week = parisWeek(now);
      if (week.weekday !== 1 || week.hour < DIGEST_HOUR) return;
      for (const row of await this.repository.digests(manager, now)) {
        await this.outbox.enqueue(manager, {
          idempotencyKey: `official-digest:${row.user_id}:${week.week}`,
          category: 'official_digest',
          template: 'official_digest',
          params: {
            name: row.display_name,
            waiting: row.waiting,
            overdue: row.overdue,
            titles: row.titles,
            url: `${this.config.publicUrl}/officials`,
          },
          to: row.email,
          language: 'fr',
          recipientKey: `staff:${row.user_id}`,
        });
      }
    });
  }
}
