import { Inject, Injectable } from '@nestjs/common';
import type { ProposalMailRequest } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { MailRepository } from '../mail/mail.repository';
import { EngagementRepository } from './engagement.repository';
import { EngagementService, type EngagementCaller } from './engagement.service';
import { DomainError } from '../common/domain-error';

const OPT_INS_PER_IDENTITY_PER_HOUR = 10;

/**
 * Supporters and followers who gave an address hear of the answer and of each follow-up by
 * mail. The address is given with consent (`consent: true`) on the proposal's page, for the
 * identity that supports or follows (participant, staff or public supporter), and erased
 * with that identity's data. Nobody else gets a mail.
 */
@Injectable()
export class ProposalMailService {
  constructor(
    private readonly engagement: EngagementService,
    private readonly repository: EngagementRepository,
    private readonly outbox: MailOutboxService,
    private readonly mail: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  /** Records the caller's address and consent, and makes the caller follow the proposal. */
  async optIn(
    caller: EngagementCaller,
    proposalId: string,
    request: ProposalMailRequest,
  ): Promise<void> {
    const identity = await this.engagement.identify(caller);
    if (!identity)
      throw new DomainError(
        'unauthorized',
        'Join a workshop, sign in, or get a supporter identity (POST /api/proposals/supporters) first',
      );
    const decision = await this.limiter.consume(
      `proposals:mail:${identity.key}`,
      OPT_INS_PER_IDENTITY_PER_HOUR,
      3_600_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many actions: try again later',
        decision.retryAfterMs,
      );
    await this.repository.transaction(async (manager) => {
      const row = await this.repository.visibility(manager, proposalId, false);
      if (!row || row.status === 'draft')
        throw new DomainError('not_found', `No proposal ${proposalId}`);
      const at = this.clock.now();
      await this.mail.upsertContact(manager, {
        key: identity.key,
        email: request.email.trim().toLowerCase(),
        language: request.language,
        categories: ['proposal_updates'],
        at,
      });
      await this.repository.follow(manager, proposalId, identity.key, at);
    });
  }

  /** One mail per consenting follower or supporter; inside the answer's transaction. */
  async answered(
    manager: EntityManager,
    proposalId: string,
    answer: { version: number; state: string; reasons: string; official: string },
  ): Promise<void> {
    const title = await this.repository.title(manager, proposalId);
    for (const contact of await this.mail.followersOf(manager, proposalId, 'proposal_updates')) {
      await this.outbox.enqueue(manager, {
        idempotencyKey: `proposal-answered:${proposalId}:${answer.version}:${contact.identity_key}`,
        category: 'proposal_updates',
        template: 'proposal_answered',
        params: { title, ...answer, url: this.url(proposalId) },
        to: contact.email,
        language: contact.language,
        recipientKey: contact.identity_key,
      });
    }
  }

  async followedUp(
    manager: EntityManager,
    proposalId: string,
    followUp: { id: string; progress: number; text: string },
  ): Promise<void> {
    const title = await this.repository.title(manager, proposalId);
    for (const contact of await this.mail.followersOf(manager, proposalId, 'proposal_updates')) {
      await this.outbox.enqueue(manager, {
        idempotencyKey: `proposal-follow-up:${followUp.id}:${contact.identity_key}`,
        category: 'proposal_updates',
        template: 'proposal_follow_up',
        params: {
          title,
          progress: followUp.progress,
          text: followUp.text,
          url: this.url(proposalId),
        },
        to: contact.email,
        language: contact.language,
        recipientKey: contact.identity_key,
      });
    }
  }

  private url(proposalId: string): string {
    return `${this.config.publicUrl}/proposals/${proposalId}`;
  }
}
