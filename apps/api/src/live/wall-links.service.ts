import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  WALL_TOKEN_PREFIX,
  type WallInfoResponse,
  type WallLinkResponse,
  type WallLinkState,
} from '@permanente/contracts';
import { randomBytes } from 'node:crypto';
import * as QRCode from 'qrcode';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { assertNotCheckedOut } from './checked-out';
import { DomainError } from '../common/domain-error';
import { WallLinksRepository, type WallLinkRow } from './wall-links.repository';

/** A projection computer following a workshop through its wall link: reads, never writes. */
export interface WallActor {
  kind: 'wall';
  workshopId: string;
  linkId: string;
}

const GONE =
  'This wall link was revoked or its workshop has ended: ask the facilitator for the new one';

/**
 * The wall by link. The token is kept as it is (not hashed), like the join code, so that the
 * console can show the link again: it only reads what every phone of the room sees (never a
 * hidden idea), and it dies when revoked or when the workshop closes.
 */
@Injectable()
export class WallLinksService {
  /** A link just revoked: the gateway disconnects the walls that use it. */
  readonly revoked = new Subject<{ workshopId: string; linkId: string }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WallLinksRepository,
  ) {}

  async current(actor: StaffActor, workshopId: string): Promise<WallLinkState> {
    await this.access.assertRunsWorkshop(actor, workshopId);
    const [row] = await this.repository.liveOf(this.dataSource.manager, workshopId);
    return { link: row ? toResponse(row) : null };
  }

  /** A new link; the previous one, if any, stops working at once. */
  async create(actor: StaffActor, workshopId: string): Promise<WallLinkResponse> {
    const { link, replaced } = await this.dataSource.transaction(async (manager) => {
      await this.access.assertRunsWorkshop(actor, workshopId, manager);
      const status = await this.repository.lockWorkshopStatus(manager, workshopId);
      if (status === 'closed')
        throw new DomainError('conflict', 'This workshop has ended: its wall shows nothing live');
      await assertNotCheckedOut(manager, workshopId);
      const replaced = await this.repository.revokeAll(manager, workshopId);
      const row = await this.repository.insert(
        manager,
        workshopId,
        WALL_TOKEN_PREFIX + randomBytes(24).toString('base64url'),
        actor.userId,
      );
      return { link: toResponse(row), replaced };
    });
    for (const linkId of replaced) this.revoked.next({ workshopId, linkId });
    return link;
  }

  async revoke(actor: StaffActor, workshopId: string): Promise<void> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      await this.access.assertRunsWorkshop(actor, workshopId, manager);
      await assertNotCheckedOut(manager, workshopId);
      return this.repository.revokeAll(manager, workshopId);
    });
    for (const linkId of revoked) this.revoked.next({ workshopId, linkId });
  }

  /** The wall behind a token, or null when it is unknown, revoked, or its workshop closed. */
  async resolve(token: string): Promise<WallActor | null> {
    if (!token.startsWith(WALL_TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.repository.liveByToken(token);
    return row ? { kind: 'wall', workshopId: row.workshop_id, linkId: row.id } : null;
  }

  /** What the wall shows besides the live state: the title and how to join. */
  async info(token: string): Promise<WallInfoResponse> {
    const wall = await this.resolve(token);
    if (!wall) throw new DomainError('not_found', GONE);
    const row = await this.repository.workshopTitleAndCode(wall.workshopId);
    return { workshopId: wall.workshopId, title: row.title, code: row.code };
  }

  async joinQrSvg(token: string): Promise<string> {
    const { code } = await this.info(token);
    return QRCode.toString(`${this.config.publicUrl}/join/${code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
  }
}

const toResponse = (row: WallLinkRow): WallLinkResponse => ({
  token: row.token,
  createdAt: new Date(row.created_at).toISOString(),
});
