import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InvitationMailResponse } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { PanelMailRepository } from './panel-mail.repository';
import { PanelsRepository, type PanelRow } from './panels.repository';
import { PanelsService } from './panels.service';
import { DomainError } from '../common/domain-error';

/**
 * Panels by mail: the organiser sends a member their invitation with a new personal link (a
 * reminder when a link was made before, a replacement's own words for a member of a
 * replacement draw), and the organiser who started a draw hears when it is finished. Each mail
 * is recorded in the transaction that makes the link or stores the draw.
 */
@Injectable()
export class PanelMailService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly panelsRepository: PanelsRepository,
    private readonly repository: PanelMailRepository,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mails the member a new personal link (the previous one stops working). */
  async sendInvitation(
    actor: StaffActor,
    panelId: string,
    memberId: string,
  ): Promise<InvitationMailResponse> {
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panels.rowFor(actor, panelId, manager);
      const member = await this.repository.member(manager, panelId, memberId);
      if (!member) throw new DomainError('not_found', `No member ${memberId} in this panel`);
      if (member.status === 'declined')
        throw new DomainError('conflict', 'This member declined: draw a replacement instead');
      if (!member.email)
        throw new DomainError('conflict', 'No address for this member: give the link by hand');
      const token = newSecretToken();
      const hash = hashToken(token);
      await this.panelsRepository.setInvitationHash(manager, memberId, hash);
      const template = member.invited_before
        ? 'panel_reminder'
        : member.draw_kind === 'replacement'
          ? 'panel_replacement'
          : 'panel_invitation';
      const queued = await this.outbox.enqueue(manager, {
        idempotencyKey: `panel-invitation:${memberId}:${hash.slice(0, 16)}`,
        category: 'panel',
        template,
        params: { panel: panel.title, url: `${this.config.publicUrl}/panel-invitation/${token}` },
        to: member.email,
        language: 'fr',
        recipientKey: `panel-member:${memberId}`,
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.member.invited',
        targetType: 'panel',
        targetId: panelId,
        details: { memberId, by: 'mail', template, queued },
      });
      return { queued };
    });
  }

  /** Inside the transaction that stores a draw: tells the organiser who started it. */
  async drawFinished(
    manager: EntityManager,
    panel: PanelRow,
    draw: { id: string; drawn: number; userId: string | null },
  ): Promise<void> {
    if (!draw.userId) return;
    const email = await this.repository.staffEmail(manager, draw.userId);
    if (!email) return;
    await this.outbox.enqueue(manager, {
      idempotencyKey: `draw-finished:${draw.id}`,
      category: 'organiser',
      template: 'draw_finished',
      params: {
        panel: panel.title,
        drawn: draw.drawn,
        url: `${this.config.publicUrl}/organisation/panels/${panel.id}`,
      },
      to: email,
      language: 'fr',
      recipientKey: `staff:${draw.userId}`,
    });
  }
}
