import './register-paths';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirInUseError } from './database/data-dir-lock';
import { createApp, createLogger } from './create-app';
import { DEMO_ACCOUNTS, DEMO_WORKSHOP } from './demo/demo-accounts';
import { lanUrls } from './field/field-instance.service';
import { RedisUnavailableError } from './live/live-fanout';
import {
  DatabaseTarget,
  DatabaseUnavailableError,
  openDatabaseTarget,
} from './database/database-target';

async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(createLogger(config));
  const logger = new Logger('Main');
  const database: DatabaseTarget = await openDatabaseTarget(config);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, database);
    await app.listen(config.port, config.host);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping`);
    // The HTTP server and the pool first, then the embedded database, which flushes its files.
    await app.close().catch((error) => logger.error(String(error)));
    await database.close().catch((error) => logger.error(String(error)));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  logger.log(
    `Permanente is ready at ${config.publicUrl} (API: ${config.publicUrl}/api, docs: ${config.publicUrl}/api/docs)`,
  );
  logger.log(`Database: ${database.description}${config.demoData ? ', with demo data' : ''}`);
  // A field laptop (bus mode, docs/bus-mode.md) serves phones on its Wi-Fi: they reach it by
  // its LAN address, which PUBLIC_URL must then be (join QR codes, the live socket's origin).
  const lan = config.host === '0.0.0.0' || config.host === '::' ? lanUrls(config.port) : [];
  if (lan.length > 0) {
    logger.log(`On this machine's networks: ${lan.join(', ')}`);
    if (['localhost', '127.0.0.1', '[::1]'].includes(new URL(config.publicUrl).hostname))
      logger.warn(
        `PUBLIC_URL is ${config.publicUrl}: phones on the Wi-Fi cannot use it. For a field day, start with PUBLIC_URL=${lan[0]}`,
      );
  }
  if (config.demoData) {
    const accounts = DEMO_ACCOUNTS.map(
      (a) => `${a.email} / ${a.password} (${a.roles.join(', ')})`,
    ).join('; ');
    logger.log(`Demo accounts (sign in at ${config.publicUrl}/login): ${accounts}`);
    logger.log(
      `Demo workshop: join with the code ${DEMO_WORKSHOP.code} at ${config.publicUrl}/join`,
    );
  }
}

main().catch((error: unknown) => {
  // One line, naming what is wrong, then a non-zero exit: no stack trace for expected faults.
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof DataDirInUseError ||
    error instanceof RedisUnavailableError
  ) {
    process.stderr.write(`Permanente cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Permanente cannot start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
