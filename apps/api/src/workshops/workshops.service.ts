import { Inject, Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateWorkshopRequest,
  WorkshopParticipantView,
  WorkshopResponse,
} from '@permanente/contracts';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { Actor, StaffActor } from '../auth/actor';
import { isStaff } from '../auth/actor';
import { TerritoryEntity } from '../territories/territory.entity';
import { newJoinCode } from './join-code.util';
import { WorkshopEntity } from './workshop.entity';
import { toParticipantView, toWorkshopResponse } from './workshop.mapper';
import { DomainError } from '../common/domain-error';

const CODE_ATTEMPTS = 5;

/**
 * Workshops as far as identity and access need them: creation by a facilitator in scope,
 * the join code, reading by staff in scope or by the workshop's own participants. The live
 * engine (agenda, activities, contributions) builds on this.
 */
@Injectable()
export class WorkshopsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    actor: StaffActor | null,
    request: CreateWorkshopRequest,
  ): Promise<WorkshopResponse> {
    const territory = await this.dataSource
      .getRepository(TerritoryEntity)
      .findOneBy({ id: request.territoryId });
    if (!territory) throw new DomainError('invalid', `Unknown territory ${request.territoryId}`);
    if (actor) await this.access.assertCan(actor, ['facilitator'], territory.id);
    for (let attempt = 1; ; attempt++) {
      try {
        const saved = await this.dataSource.getRepository(WorkshopEntity).save({
          code: newJoinCode(),
          title: request.title.trim(),
          kind: request.kind ?? 'fabrik',
          status: 'scheduled',
          territoryId: territory.id,
          place: request.place?.trim() || null,
          startsAt: request.startsAt ? new Date(request.startsAt) : null,
          createdBy: actor?.userId ?? null,
        });
        return toWorkshopResponse(
          await this.dataSource.getRepository(WorkshopEntity).findOneByOrFail({ id: saved.id }),
        );
      } catch (error) {
        // A code already taken: draw another one.
        const duplicate =
          error instanceof QueryFailedError &&
          (error.driverError as { constraint?: string }).constraint === 'workshops_code_key';
        if (!duplicate || attempt >= CODE_ATTEMPTS) throw error;
      }
    }
  }

  /** Workshops in the staff member's scope, newest first. */
  async list(actor: StaffActor): Promise<WorkshopResponse[]> {
    const scope = await this.access.territoryIdsInScope(actor);
    const workshops = await this.dataSource.getRepository(WorkshopEntity).find({
      where: scope ? { territoryId: In(scope) } : {},
      order: { createdAt: 'DESC' },
    });
    return workshops.map(toWorkshopResponse);
  }

  /**
   * Staff in scope get the whole record; a participant gets its own workshop's view. Anyone
   * else gets 404, so that ids cannot be probed.
   */
  async get(actor: Actor, id: string): Promise<WorkshopResponse | WorkshopParticipantView> {
    const workshop = await this.dataSource.getRepository(WorkshopEntity).findOneBy({ id });
    if (actor.kind === 'participant') {
      if (!workshop || workshop.id !== actor.workshopId)
        throw new DomainError('not_found', `No workshop has the id ${id}`);
      return toParticipantView(workshop);
    }
    if (!isStaff(actor, 'facilitator', 'organiser'))
      throw new DomainError('forbidden', 'Your role does not allow this');
    if (!workshop) throw new DomainError('not_found', `No workshop has the id ${id}`);
    if (!(await this.access.covers(actor, workshop.territoryId))) {
      throw new DomainError('forbidden', 'This workshop is outside your scope');
    }
    return toWorkshopResponse(workshop);
  }

  /** The join QR code (an SVG of `${PUBLIC_URL}/join/<code>`), for the wall and printed posters. */
  async joinQrSvg(actor: StaffActor, id: string): Promise<string> {
    const workshop = await this.get(actor, id);
    if (!('code' in workshop)) throw new DomainError('forbidden', 'Your role does not allow this');
    return QRCode.toString(`${this.config.publicUrl}/join/${workshop.code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
  }
}
