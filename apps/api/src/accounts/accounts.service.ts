import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateStaffUserRequest,
  StaffUserResponse,
  UpdateStaffUserRequest,
} from '@permanente/contracts';
import { ArrayContains, DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/password.util';
import { SessionEntity } from '../auth/session.entity';
import { CLOCK, Clock } from '../common/clock';
import { TerritoryEntity } from '../territories/territory.entity';
import { UserEntity } from './user.entity';
import { toStaffUserResponse } from './user.mapper';
import { DomainError } from '../common/domain-error';

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<StaffUserResponse[]> {
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ relations: { scopes: true }, order: { email: 'ASC' } });
    return users.map(toStaffUserResponse);
  }

  async get(id: string): Promise<StaffUserResponse> {
    return toStaffUserResponse(await this.load(this.dataSource.manager, id));
  }

  /** Creates an account; `actor` null means the command line or the demo data. */
  async create(
    actor: StaffActor | null,
    request: CreateStaffUserRequest,
  ): Promise<StaffUserResponse> {
    const email = request.email.trim().toLowerCase();
    const passwordHash = await hashPassword(request.password);
    return this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(UserEntity);
      if (await users.existsBy({ email }))
        throw new DomainError('conflict', 'An account already has this email');
      const scopes = await this.loadScopes(manager, request.scopeTerritoryIds ?? []);
      const user = await users.save(
        users.create({
          email,
          displayName: request.displayName.trim(),
          passwordHash,
          roles: request.roles,
          office: request.office?.trim() || null,
          scopes,
          disabledAt: null,
          passwordChangedAt: this.clock.now(),
        }),
      );
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'account.create',
        targetType: 'user',
        targetId: user.id,
        details: { email, roles: request.roles, scopeTerritoryIds: scopes.map((s) => s.id) },
      });
      return toStaffUserResponse(await this.load(manager, user.id));
    });
  }

  async update(
    actor: StaffActor,
    id: string,
    request: UpdateStaffUserRequest,
  ): Promise<StaffUserResponse> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      const changes: Record<string, unknown> = {};
      if (request.displayName !== undefined)
        user.displayName = changes['displayName'] = request.displayName.trim();
      if (request.office !== undefined)
        user.office = changes['office'] = request.office?.trim() || null;
      if (request.roles !== undefined) user.roles = changes['roles'] = request.roles;
      if (request.scopeTerritoryIds !== undefined) {
        user.scopes = await this.loadScopes(manager, request.scopeTerritoryIds);
        changes['scopeTerritoryIds'] = user.scopes.map((s) => s.id);
      }
      if (request.disabled !== undefined && request.disabled !== (user.disabledAt !== null)) {
        user.disabledAt = request.disabled ? this.clock.now() : null;
        changes['disabled'] = request.disabled;
      }
      const losesOrganiser =
        (changes['roles'] !== undefined && !user.roles.includes('organiser')) ||
        changes['disabled'] === true;
      if (losesOrganiser) await this.assertAnotherOrganiser(manager, user.id);
      await manager.getRepository(UserEntity).save(user);
      if (changes['disabled'] === true) {
        await manager
          .getRepository(SessionEntity)
          .update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      }
      if (Object.keys(changes).length > 0) {
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          action: 'account.update',
          targetType: 'user',
          targetId: user.id,
          details: changes,
        });
      }
      return toStaffUserResponse(await this.load(manager, user.id));
    });
  }

  /** Changes one's own password and closes one's other sessions. */
  async changeOwnPassword(
    actor: StaffActor,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :id', { id: actor.userId })
      .getOneOrFail();
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new DomainError('unauthorized', 'The current password is incorrect');
    }
    if (currentPassword === newPassword)
      throw new DomainError('invalid', 'The new password must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(UserEntity)
        .update({ id: user.id }, { passwordHash, passwordChangedAt: this.clock.now() });
      await manager
        .getRepository(SessionEntity)
        .update(
          { userId: user.id, revokedAt: IsNull(), id: Not(actor.sessionId) },
          { revokedAt: this.clock.now() },
        );
    });
  }

  private async load(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = await manager
      .getRepository(UserEntity)
      .findOne({ where: { id }, relations: { scopes: true } });
    if (!user) throw new DomainError('not_found', `No account has the id ${id}`);
    return user;
  }

  private async loadScopes(manager: EntityManager, ids: string[]): Promise<TerritoryEntity[]> {
    if (ids.length === 0) return [];
    const found = await manager.getRepository(TerritoryEntity).findBy({ id: In(ids) });
    const missing = ids.filter((id) => !found.some((territory) => territory.id === id));
    if (missing.length > 0)
      throw new DomainError(
        'invalid',
        `Unknown territories in scopeTerritoryIds: ${missing.join(', ')}`,
      );
    return found;
  }

  /** An installation must keep at least one active organiser. */
  private async assertAnotherOrganiser(
    manager: EntityManager,
    exceptUserId: string,
  ): Promise<void> {
    const count = await manager.getRepository(UserEntity).count({
      where: { id: Not(exceptUserId), disabledAt: IsNull(), roles: ArrayContains(['organiser']) },
    });
    if (count === 0) throw new DomainError('conflict', 'This is the last active organiser account');
  }
}
