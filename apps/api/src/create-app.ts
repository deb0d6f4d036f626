import { ConsoleLogger, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AllExceptionsFilter, bodyParserErrors } from './common/all-exceptions.filter';
import { requestLogger } from './common/request-logger.middleware';
import { AppValidationPipe } from './common/validation.pipe';
import type { Clock } from './common/clock';
import type { AppConfig } from './config/app-config';
import type { DatabaseTarget } from './database/database-target';
import { DemoSeedService } from './demo/demo-seed.service';
import { connectRedisFanout, LiveIoAdapter, memoryFanout } from './live/live-fanout';
import { withContractSchemas } from './openapi/openapi-document';
import { APP_VERSION } from './version';
import { dynamicCompression, webAppHandler } from './web/web-app';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: Pick<AppConfig, 'logFormat' | 'logLevel'>): LoggerService {
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    prefix: 'Permanente',
    // One line per entry in the pretty (development) format too.
    compact: true,
    breakLength: Infinity,
  });
}

/**
 * Builds the whole HTTP application on an opened database: used by main.ts and by the
 * integration tests, so the tests exercise exactly what production runs.
 */
export interface CreateAppOptions {
  /** The Nest logger; false silences it (tests). Default: from the configuration. */
  logger?: LoggerService | false;
  /** The time source; tests pass a FakeClock. */
  clock?: Clock;
}

export async function createApp(
  config: AppConfig,
  database: DatabaseTarget,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const fanout = config.redisUrl ? await connectRedisFanout(config) : memoryFanout;
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, database, options.clock, fanout),
      {
        logger: options.logger ?? createLogger(config),
        abortOnError: false,
        bodyParser: false,
      },
    );
  } catch (error) {
    await fanout.close();
    throw error;
  }
  app.useWebSocketAdapter(new LiveIoAdapter(app, fanout));
  app.disable('x-powered-by');
  // Behind N reverse proxies, the client address (for rate limits) is N hops back.
  app.set('trust proxy', config.trustProxyHops);
  app.use(requestLogger);
  app.use(dynamicCompression());
  // Our own JSON parser, so that a malformed or oversized body gets the same JSON error
  // shape as everything else (Nest would pass the parser's raw message through).
  // Paper applications of a panel's pool come as one CSV of up to 10,000 rows (about 1.2 MB with
  // contacts): that route alone takes larger bodies.
  app.use(/^\/api\/panels\/[^/]+\/volunteers\/import$/, json({ limit: '4mb' }), bodyParserErrors);
  // A field kit's batches and export file (bus mode) carry a whole workshop.
  app.use(/^\/api\/field\/(sync|import|instance\/kit)$/, json({ limit: '32mb' }), bodyParserErrors);
  app.use(json({ limit: '256kb' }), bodyParserErrors);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web app ships no inline script; Swagger UI's page needs inline styles only.
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      hsts: config.publicUrl.startsWith('https:'),
    }),
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const openApi = new DocumentBuilder()
    .setTitle('Permanente API')
    .setDescription(
      'Permanent citizen participation: territories, workshops, panels, proposals and answers.',
    )
    .setVersion(APP_VERSION)
    // 3.1: its schemas are JSON Schema, as the contracts' generated ones (`type: [..., 'null']`).
    .setOpenAPIVersion('3.1.0')
    .build();
  SwaggerModule.setup(
    'api/docs',
    app,
    () => withContractSchemas(SwaggerModule.createDocument(app, openApi)),
    { jsonDocumentUrl: 'api/openapi.json' },
  );

  if (config.webRoot) {
    const web = webAppHandler(config.webRoot, { production: config.nodeEnv === 'production' });
    if (web) app.use(web);
    else new Logger('Web').warn(`No built web app in ${config.webRoot}: serving the API only`);
  }

  await app.init();
  if (config.demoData) await app.get(DemoSeedService).seed();
  return app;
}
