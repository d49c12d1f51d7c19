import { ConfigError, loadConfig, productionNodeEnv } from '../../src/config.ts';

/** The hardening settings as src/config.ts reads them: safe defaults, and a bad value stops the
 * start naming its variable. */

describe('hardening configuration', () => {
  it('defaults to rate limits on, in memory, and the documented document limits', () => {
    const config = loadConfig({ APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db.internal/tenantry' });
    expect(config.rateLimit).toEqual({
      enabled: true,
      loginPerMinute: 10,
      loginPerAddressPerMinute: 100,
      registerPerMinute: 30,
      registerAuthenticatedPerMinute: 300,
      apiKeysPerMinute: 10,
      mutationsPerMinute: 600,
      redisUrl: undefined,
      keyPrefix: 'tenantry:rl:',
      redisCommandTimeoutMs: 500,
    });
    expect(config.graphqlLimits).toEqual({ maxDepth: 10, maxCost: 20_000, maxAliases: 15, maxDirectives: 50, maxTokens: 2000 });
    expect(config.trustProxy).toBe(false);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1',
      RATE_LIMIT_LOGIN_PER_ADDRESS_PER_MINUTE: '7',
      RATE_LIMIT_REGISTER_AUTHENTICATED_PER_MINUTE: '8',
      RATE_LIMIT_REGISTER_PER_MINUTE: '2',
      RATE_LIMIT_API_KEYS_PER_MINUTE: '3',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      REDIS_KEY_PREFIX: 'x:',
      REDIS_COMMAND_TIMEOUT_MS: '2500',
      GRAPHQL_MAX_DEPTH: '7',
      GRAPHQL_MAX_COST: '900',
      GRAPHQL_MAX_ALIASES: '4',
      GRAPHQL_MAX_DIRECTIVES: '5',
      GRAPHQL_MAX_TOKENS: '600',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    });
    expect(config.rateLimit).toEqual({
      enabled: false,
      loginPerMinute: 1,
      loginPerAddressPerMinute: 7,
      registerPerMinute: 2,
      registerAuthenticatedPerMinute: 8,
      apiKeysPerMinute: 3,
      mutationsPerMinute: 0,
      redisUrl: 'redis://127.0.0.1:6379/2',
      keyPrefix: 'x:',
      redisCommandTimeoutMs: 2500,
    });
    expect(config.graphqlLimits).toEqual({ maxDepth: 7, maxCost: 900, maxAliases: 4, maxDirectives: 5, maxTokens: 600 });
    expect(config.trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['RATE_LIMIT_ENABLED', 'maybe'],
    ['RATE_LIMIT_LOGIN_PER_MINUTE', '-1'],
    ['RATE_LIMIT_MUTATIONS_PER_MINUTE', 'lots'],
    ['GRAPHQL_MAX_DEPTH', '0'],
    ['GRAPHQL_MAX_TOKENS', '10'],
    ['TRUST_PROXY', 'every body'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });
});

describe('the database in production', () => {
  const production = { APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

  it('refuses the embedded database without DATABASE_URL, naming both variables', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/DATABASE_URL: required in production .*ALLOW_EMBEDDED_DB_IN_PRODUCTION=true/);
    expect(() => loadConfig({ ...production, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'false' })).toThrow(/DATABASE_URL/);
  });

  it('lists every production problem at once', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/JWT_SECRET: required[^]*DATABASE_URL: required/);
  });

  it('runs on DATABASE_URL, or on the embedded database when ALLOW_EMBEDDED_DB_IN_PRODUCTION=true', () => {
    expect(loadConfig({ ...production, DATABASE_URL: 'postgres://db.internal/tenantry' }).database.kind).toBe('url');
    expect(loadConfig({ ...production, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' }).database).toMatchObject({ kind: 'embedded', dataDir: '.tenantry/data' });
  });

  it('keeps the embedded database the default outside production', () => {
    expect(loadConfig({ APP_ENV: 'development' }).database.kind).toBe('embedded');
    expect(loadConfig({ APP_ENV: 'test' }).database.kind).toBe('embedded');
  });

  it('refuses a NODE_ENV other than production in production, naming it (libraries read NODE_ENV)', () => {
    const onUrl = { ...production, DATABASE_URL: 'postgres://db.internal/tenantry' };
    expect(() => loadConfig({ ...onUrl, NODE_ENV: 'development' })).toThrow(/NODE_ENV: must be production or unset in production/);
    expect(loadConfig({ ...onUrl, NODE_ENV: 'production' }).mode).toBe('production');
  });

  it('gives every library NODE_ENV=production when APP_ENV=production leaves it unset, and changes nothing else', () => {
    const unset: NodeJS.ProcessEnv = { APP_ENV: 'production' };
    productionNodeEnv(unset);
    expect(unset.NODE_ENV).toBe('production');
    const other: NodeJS.ProcessEnv = { APP_ENV: 'production', NODE_ENV: 'development' };
    productionNodeEnv(other);
    expect(other.NODE_ENV).toBe('development'); // left for loadConfig to refuse, by name
    const development: NodeJS.ProcessEnv = { APP_ENV: 'development' };
    productionNodeEnv(development);
    expect(development.NODE_ENV).toBeUndefined();
  });

  it('refuses ALLOW_EMBEDDED_DB_IN_PRODUCTION=maybe, naming it', () => {
    expect(() => loadConfig({ ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'maybe' })).toThrow(/\bALLOW_EMBEDDED_DB_IN_PRODUCTION\b/);
  });
});
