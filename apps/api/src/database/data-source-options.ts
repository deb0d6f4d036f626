import type { DataSourceOptions } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { SessionEntity } from '../auth/session.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { SeedRunEntity } from '../demo/seed-run.entity';
import { ParticipantEntity } from '../participants/participant.entity';
import { TerritoryEntity } from '../territories/territory.entity';
import { WorkshopEntity } from '../workshops/workshop.entity';
import { migrations } from './migrations';

/** Every entity of the API; new domain modules add theirs here. */
export const entities = [
  TerritoryEntity,
  SeedRunEntity,
  UserEntity,
  SessionEntity,
  AuditEntryEntity,
  WorkshopEntity,
  ParticipantEntity,
  CampaignEntity,
];

export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * One place that says how the API connects: the schema comes only from the committed
 * migrations (never `synchronize`), UUIDs from PostgreSQL's own gen_random_uuid().
 */
export function buildDataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
  };
}
