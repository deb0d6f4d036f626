import {
  DynamicModule,
  Global,
  Logger,
  Module,
  type INestApplicationContext,
} from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { redactUrl, type AppConfig } from '../config/app-config';

export const LIVE_FANOUT = Symbol('LIVE_FANOUT');

/** Redis did not answer at start-up: main.ts prints this as one line. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/** How live events reach the sockets held by other API instances. */
export interface LiveFanout {
  readonly mode: 'memory' | 'redis';
  /** Redis answers now (always true in memory mode). */
  reachable(): boolean;
  /** Installs the fan-out on the socket.io server the gateway creates. */
  attach(server: Server): void;
  close(): Promise<void>;
}

/** One instance: socket.io's default in-memory adapter. */
export const memoryFanout: LiveFanout = {
  mode: 'memory',
  reachable: () => true,
  attach: () => undefined,
  close: async () => undefined,
};

const CONNECT_DEADLINE_MS = 10_000;

/**
 * Several instances: the socket.io Redis Streams adapter. Each committed event is broadcast
 * by the instance that committed it; the adapter appends it to a Redis stream that every
 * instance reads and delivers to its own sockets of the room. A Redis outage delays only the
 * cross-instance part: the clients reconnect, the stream is read again from where each
 * instance stopped, and phones fill any gap from the database (`workshop:sync`).
 */
export async function connectRedisFanout(
  config: Pick<AppConfig, 'redisUrl' | 'redisKeyPrefix'>,
  logger = new Logger('LiveFanout'),
): Promise<LiveFanout> {
  const url = config.redisUrl!;
  let lastError = '';
  let loggedAt = 0;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Retry for ever, at most every 2 s: a Redis restart must heal without a restart of ours.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
    },
  });
  client.on('error', (error: Error) => {
    lastError = error.message || error.name;
    // One line per 10 s at most while Redis is away.
    if (Date.now() - loggedAt > 10_000) {
      loggedAt = Date.now();
      logger.warn(`Redis (${redactUrl(url)}): ${lastError}`);
    }
  });
  client.on('ready', () => {
    if (loggedAt) logger.log(`Redis (${redactUrl(url)}) is back`);
    loggedAt = 0;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(lastError || `no answer in ${CONNECT_DEADLINE_MS / 1000} s`)),
          CONNECT_DEADLINE_MS,
        );
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw new RedisUnavailableError(
      `Cannot reach Redis at ${redactUrl(url)} (REDIS_URL): ${(error as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
  logger.log(`Live fan-out across instances through Redis at ${redactUrl(url)}`);
  const adapter = createAdapter(client, {
    streamName: `${config.redisKeyPrefix}:live`,
    channelPrefix: `${config.redisKeyPrefix}:live`,
    sessionKeyPrefix: `${config.redisKeyPrefix}:live:session:`,
    // Our events are JSON: skips the binary scan of every packet.
    onlyPlaintext: true,
  });
  return {
    mode: 'redis',
    reachable: () => client.isReady,
    attach: (server) => void server.adapter(adapter),
    close: async () => {
      if (client.isOpen) client.destroy();
    },
  };
}

/** Nest's socket.io adapter, with the chosen fan-out installed on each server it creates. */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly fanout: LiveFanout,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    this.fanout.attach(server);
    return server;
  }

  /** Called by app.close(), after the socket.io servers closed. */
  override async dispose(): Promise<void> {
    await super.dispose();
    await this.fanout.close();
  }
}

/** Makes the fan-out injectable (the health check reports it). */
@Global()
@Module({})
export class LiveFanoutModule {
  static forRoot(fanout: LiveFanout): DynamicModule {
    return {
      module: LiveFanoutModule,
      providers: [{ provide: LIVE_FANOUT, useValue: fanout }],
      exports: [LIVE_FANOUT],
    };
  }
}
