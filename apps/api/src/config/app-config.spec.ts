import { ConfigError, loadConfig, redactUrl } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: null,
      dataDir: '/srv/app/.data/pglite',
      demoData: true,
      publicUrl: 'http://localhost:3000',
      webRoot: '/srv/app/dist/apps/web',
      logFormat: 'pretty',
      sessionIdleMinutes: 120,
      sessionMaxHours: 12,
      trustProxyHops: 0,
      redisUrl: null,
      redisKeyPrefix: 'permanente',
    });
  });

  it('turns on the Redis fan-out with REDIS_URL', () => {
    const config = loadConfig({ REDIS_URL: 'redis://cache:6379/0', REDIS_KEY_PREFIX: 'cvl:prod' });
    expect(config.redisUrl).toBe('redis://cache:6379/0');
    expect(config.redisKeyPrefix).toBe('cvl:prod');
  });

  it('uses DATABASE_URL and then loads no demo data unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/app' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/app');
    expect(config.demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/app', DEMO_DATA: 'true' }).demoData).toBe(
      true,
    );
  });

  it('logs JSON in production and resolves relative paths from the working directory', () => {
    const config = loadConfig(
      { NODE_ENV: 'production', DATA_DIR: 'var/db', WEB_ROOT: 'none' },
      '/srv',
    );
    expect(config.logFormat).toBe('json');
    expect(config.dataDir).toBe('/srv/var/db');
    expect(config.webRoot).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT', 'PORT must be a whole number'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', 'NODE_ENV must be one of development, production, test'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'DATABASE_URL must start with postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'DATABASE_URL must be a URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL', 'PUBLIC_URL must start with http:// or https://'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA', 'DEMO_DATA must be true or false'],
    [
      { DATABASE_POOL_SIZE: '0' },
      'DATABASE_POOL_SIZE',
      'DATABASE_POOL_SIZE must be a whole number',
    ],
    [
      { SESSION_IDLE_MINUTES: '0' },
      'SESSION_IDLE_MINUTES',
      'SESSION_IDLE_MINUTES must be a whole number',
    ],
    [{ TRUST_PROXY_HOPS: 'yes' }, 'TRUST_PROXY_HOPS', 'TRUST_PROXY_HOPS must be a whole number'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL', 'REDIS_URL must start with redis:// or rediss://'],
    [{ REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX', 'REDIS_KEY_PREFIX must be 1 to 64 letters'],
  ])('refuses %j naming the variable', (env, variable, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(message);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('never prints a database password', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db/app' })).toThrow(/\*\*\*/);
  });
});
