import { z } from 'zod';

/** The only reader of process.env. Everything the service can be told lives here, validated
 * once at start; a bad value stops the process with a message naming the variable. */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  APP_ENV: z.enum(['development', 'production', 'test']).optional(),
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default('.tenantry/data'),
  ALLOW_EMBEDDED_DB_IN_PRODUCTION: bool.default(false),
  EMBEDDED_DB_PORT: port.optional(),
  MIGRATE_ON_START: bool.default(true),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DB_PIPELINE: bool.default(true),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  JWT_ISSUER: z.string().min(1).default('tenantry'),
  JWT_AUDIENCE: z.string().min(1).default('tenantry'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[\w.:/]+(,\s*[\w.:/]+)*)$/, 'true, false, or comma-separated proxy addresses/CIDRs')
    .default('false'),
  // Hardening (src/security/): GraphQL document limits and rate limits.
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(20_000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(2000),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  RATE_LIMIT_LOGIN_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(100),
  RATE_LIMIT_REGISTER_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_REGISTER_AUTHENTICATED_PER_MINUTE: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_API_KEYS_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  RATE_LIMIT_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('tenantry:rl:'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  REINSTATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  // Events to NATS JetStream (src/events/nats/): off unless NATS_URL is set.
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s,]+(,\s*(nats|tls):\/\/[^\s,]+)*$/, 'one or more comma-separated nats:// or tls:// URLs')
    .optional(),
  NATS_STREAM: z.string().regex(/^[\w-]+$/, 'letters, digits, _ and - only (a JetStream stream name)').default('TENANTRY_EVENTS'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[\w-]+(\.[\w-]+)*$/, 'dot-separated tokens of letters, digits, _ and -, without wildcards')
    .default('tenantry.events'),
  // Events (src/events/): how often a relay looks for work committed by other processes, and webhooks.
  EVENTS_RELAY: bool.default(true),
  EVENTS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1000).default(1),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.optional(),
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().int().min(0).max(720).default(24),
});

export type Mode = 'development' | 'production' | 'test';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  database:
    | { kind: 'url'; url: string; migrateOnStart: boolean; poolSize: number; pipeline: boolean }
    | {
        kind: 'embedded';
        dataDir: string;
        /** Loopback TCP at this port (0: any free one); unset: a Unix socket in a private directory. */
        port?: number;
        migrateOnStart: boolean;
        poolSize: number;
        /** Pipelined statements (src/db/pipelined-client.ts). */
        pipeline: boolean;
      };
  /** Where development keeps what it generates (the JWT secret, the embedded database). */
  dataDir: string;
  jwt: { secret?: string; ttlSeconds: number; issuer: string; audience: string };
  bodyLimitBytes: number;
  /** Fastify's `trustProxy`: whose X-Forwarded-For to believe for request.ip (rate limits key on it). */
  trustProxy: boolean | string;
  graphqlLimits: GraphQLLimits;
  rateLimit: RateLimitSettings;
  /** Bearer token GET /metrics requires; unset: open outside production, not served in production. */
  metricsToken?: string;
  /** `auto`: pretty lines in development on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Days after a removal during which reinstateTenantMember may undo it. */
  reinstateWindowDays: number;
  /** How long an answer kept for an Idempotency-Key is replayed (src/idempotency/). */
  idempotency: { ttlHours: number };
  /** Events published to NATS JetStream; unset when NATS_URL is. */
  nats?: NatsSettings;
  events: EventSettings;
}

/** Where the JetStream sink publishes (src/events/nats/jetstream-sink.ts). */
export interface NatsSettings {
  /** Comma-separated server URLs; credentials may ride in them (nats://user:pass@host:4222). */
  url: string;
  /** The stream, created if missing, that captures `<subjectPrefix>.>`. */
  stream: string;
  /** Events go to `<subjectPrefix>.<tenantId>.<type>`. */
  subjectPrefix: string;
}

/** The relay (src/events/relay/) and webhooks (src/events/webhooks/). */
export interface EventSettings {
  /** Whether this process runs a relay (delivers events); at least one process must. */
  relay: boolean;
  /** How often the relay looks for work another process committed (its own wakes it at once). */
  pollMs: number;
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** Multiplies every delay of the retry schedule (tests and chaos runs shrink it). */
  retryScale: number;
  /** Loopback, private, link-local… targets allowed (development and tests; off in production). */
  allowPrivateTargets: boolean;
  /** How long the secret before a rotation still signs. */
  secretOverlapHours: number;
}

/** Static limits on a GraphQL document, checked before execution (graphql-armor + the parser). */
export interface GraphQLLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** Requests per minute; 0 turns that one limit off. Failed logins count per (email, IP) and per
 * IP; registrations per caller when made with credentials, else per IP; API-key creation and
 * mutations per caller and per IP. */
export interface RateLimitSettings {
  enabled: boolean;
  /** Failed logins per (email, client address). */
  loginPerMinute: number;
  /** Failed logins per client address, whatever the emails. */
  loginPerAddressPerMinute: number;
  /** Anonymous registrations per client address. */
  registerPerMinute: number;
  /** Registrations per authenticated caller (JWT or API key), from any address. */
  registerAuthenticatedPerMinute: number;
  apiKeysPerMinute: number;
  mutationsPerMinute: number;
  /** Shared counters for several processes; unset = in this process's memory. */
  redisUrl?: string;
  keyPrefix: string;
  /** A Redis command slower than this counts as Redis being unavailable. */
  redisCommandTimeoutMs: number;
}

export class ConfigError extends Error {}

/** True when the standard OpenTelemetry variables ask for traces: an OTLP endpoint is set, or a
 * traces exporter other than `none` is named; never with OTEL_SDK_DISABLED=true. Read before
 * anything else is loaded (src/observability/tracing-bootstrap.ts). */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER) return env.OTEL_TRACES_EXPORTER !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Production (`APP_ENV=production`) means `NODE_ENV=production` for every library: an unset
 * NODE_ENV is set here, before any library is loaded (src/node-env.ts); one that says otherwise
 * is refused by loadConfig. */
export function productionNodeEnv(env: NodeJS.ProcessEnv): void {
  if (env.APP_ENV === 'production' && !env.NODE_ENV) env.NODE_ENV = 'production';
}

/** Validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: Mode = e.APP_ENV ?? (e.NODE_ENV === 'production' ? 'production' : e.NODE_ENV === 'test' ? 'test' : 'development');
  const productionProblems = [
    // Libraries read NODE_ENV, not APP_ENV (src/node-env.ts sets it when unset).
    ...(mode === 'production' && e.NODE_ENV && e.NODE_ENV !== 'production'
      ? [`NODE_ENV: must be production or unset in production (got ${e.NODE_ENV}): libraries read NODE_ENV, not APP_ENV`]
      : []),
    ...(mode === 'production' && !e.JWT_SECRET ? ['JWT_SECRET: required in production (at least 32 characters)'] : []),
    // The embedded database serves one connection and runs one transaction at a time: fine for
    // development and tests, a bottleneck and a single file copy in production.
    ...(mode === 'production' && !e.DATABASE_URL && !e.ALLOW_EMBEDDED_DB_IN_PRODUCTION
      ? ['DATABASE_URL: required in production (the embedded database is for development and tests; set ALLOW_EMBEDDED_DB_IN_PRODUCTION=true to run on it anyway)']
      : []),
  ];
  if (productionProblems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${productionProblems.map((line) => `  ${line}`).join('\n')}`);
  }
  const common = { migrateOnStart: e.MIGRATE_ON_START, poolSize: e.DB_POOL_SIZE, pipeline: e.DB_PIPELINE };
  return {
    mode,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'url', url: e.DATABASE_URL, ...common }
      : { kind: 'embedded', dataDir: e.DATA_DIR, port: e.EMBEDDED_DB_PORT, ...common },
    dataDir: e.DATA_DIR,
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: trustProxy(e.TRUST_PROXY),
    graphqlLimits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
    },
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginPerAddressPerMinute: e.RATE_LIMIT_LOGIN_PER_ADDRESS_PER_MINUTE,
      registerPerMinute: e.RATE_LIMIT_REGISTER_PER_MINUTE,
      registerAuthenticatedPerMinute: e.RATE_LIMIT_REGISTER_AUTHENTICATED_PER_MINUTE,
      apiKeysPerMinute: e.RATE_LIMIT_API_KEYS_PER_MINUTE,
      mutationsPerMinute: e.RATE_LIMIT_MUTATIONS_PER_MINUTE,
      redisUrl: e.REDIS_URL,
      keyPrefix: e.REDIS_KEY_PREFIX,
      redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    },
    reinstateWindowDays: e.REINSTATE_WINDOW_DAYS,
    idempotency: { ttlHours: e.IDEMPOTENCY_TTL_HOURS },
    events: {
      relay: e.EVENTS_RELAY,
      pollMs: e.EVENTS_POLL_MS,
      webhooks: {
        retryScale: e.WEBHOOK_RETRY_SCALE,
        // Development posts to local receivers; everywhere else an operator opts in.
        allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? mode === 'development',
        secretOverlapHours: e.WEBHOOK_SECRET_OVERLAP_HOURS,
      },
    },
    metricsToken: e.METRICS_TOKEN,
    logFormat: e.LOG_FORMAT,
    nats: e.NATS_URL ? { url: e.NATS_URL, stream: e.NATS_STREAM, subjectPrefix: e.NATS_SUBJECT_PREFIX } : undefined,
  };
}

function trustProxy(value: string): boolean | string {
  return value === 'true' || value === 'false' ? value === 'true' : value;
}

/** `FOO=` in a shell or .env means "not set", not "set to the empty string". */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
