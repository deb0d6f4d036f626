import { HttpException } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { DataDirInUseError } from '../database/data-dir-lock';
import { DatabaseUnavailableError, openDatabaseTarget } from '../database/database-target';

/** Opens the configured database (embedded or DATABASE_URL) for a command-line tool. */
export async function withDatabase<T>(
  work: (dataSource: DataSource, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const target = await openDatabaseTarget(config);
  const dataSource = new DataSource(
    buildDataSourceOptions(target.url, Math.min(2, target.maxPoolSize ?? 2)),
  );
  try {
    await dataSource.initialize();
    return await work(dataSource, config);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await target.close();
  }
}

/** Exit code of a tool refused because the server (or another tool) uses the database. */
export const EXIT_DATABASE_IN_USE = 2;

/** Prints expected faults as one line, exits non-zero (2: the database is in use). */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_DATABASE_IN_USE);
    }
    const expected =
      error instanceof ConfigError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof HttpException ||
      error instanceof DomainError ||
      ['TerritoryFileError', 'CensusFileError'].includes((error as Error)?.name);
    process.stderr.write(
      `${expected ? (error as Error).message : error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
