// First: NODE_ENV, which libraries read as they load (src/node-env.ts).
import './node-env.ts';
// Then: OpenTelemetry (when OTEL_* asks for it) must see http, graphql, pg and pino load.
import { tracing } from './observability/tracing-bootstrap.ts';
import 'reflect-metadata';
import { resolveJwtSecret } from './auth/jwt-secret.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirHeldError } from './db/data-dir-lock.ts';
import { openDatabase } from './db/database.ts';
import { assertPortFree, portError, PortUnavailableError } from './http/port-check.ts';
import { createLogger } from './logger.ts';

/** config → database → server → listen, and the reverse on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  // Before the database: a taken port must not leave a new embedded database copied behind it.
  await assertPortFree(config.host, config.port);
  // The server's modules (most of the start's CPU; graphql, Prisma and the rest are not loaded
  // before this point) load while the embedded database starts in its own thread.
  let server: typeof import('./server.ts') | undefined;
  const loadServer = async () => {
    server = await import('./server.ts');
    if (config.mode === 'production') {
      // A library loaded before src/node-env.ts would run in development mode, unnoticed.
      const { graphqlDevelopmentChecks } = await import('./graphql/development-checks.ts');
      if (graphqlDevelopmentChecks()) throw new Error('graphql-js was loaded before NODE_ENV=production was set (src/node-env.ts must be imported first)');
      logger.info('production mode: NODE_ENV=production, graphql-js without development checks');
    } else {
      logger.warn(`running in ${config.mode} mode: introspection and Apollo Sandbox are on (set APP_ENV=production to turn them off)`);
    }
  };
  const db = await openDatabase(
    config.database,
    {
      info: (msg) => logger.info(msg),
      warn: (msg) => logger.warn(msg),
      error: (obj, msg) => logger.error(obj, msg),
    },
    { meanwhile: loadServer },
  );
  let app: Awaited<ReturnType<typeof import('./server.ts').buildServer>>;
  try {
    const { JwtService } = await import('./auth/jwt.ts');
    const jwt = new JwtService({ ...config.jwt, secret: await resolveJwtSecret(config) });
    app = await server!.buildServer({ config, db, jwt, logger });
  } catch (error) {
    await db.close(); // leave the embedded database's files closed cleanly
    throw error;
  }

  const SHUTDOWN_LIMIT_MS = 10_000;
  // pino writes to stdout asynchronously: exiting at once can drop the last lines on a full pipe.
  const exitAfterLogs = (code: number) => logger.flush(() => process.exit(code));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining HTTP, then closing the database`);
    // A ref'd timer: the steps below await sockets that close under them, and with no handle
    // left the event loop would end the process (code 0) before "stopped"; it also bounds them.
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_LIMIT_MS} ms`);
      exitAfterLogs(1);
    }, SHUTDOWN_LIMIT_MS);
    try {
      await app.close(); // stops accepting, lets in-flight requests finish, stops Apollo and the event relay
      await db.close(); // pool, then the embedded database (its data directory reopens cleanly)
      await tracing?.shutdown(); // sends the spans still buffered
      logger.info('stopped');
      exitAfterLogs(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      exitAfterLogs(1);
    }
  };
  // `on`, not `once`: a second signal while draining must not kill the process halfway.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    throw portError(error, config.host, config.port); // taken since the check
  });
  // `/` lists the console, GraphiQL (offline) and /docs: every page that works from here.
  logger.info(`Tenantry listening on ${address} (start at ${address}/)`);
  if (tracing) logger.info('OpenTelemetry tracing on (OTEL_* variables)');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PortUnavailableError) {
    console.error(error.message);
  } else if (error instanceof DataDirHeldError) {
    console.error(`Tenantry cannot start: ${error.message}`);
  } else {
    console.error('Tenantry failed to start:', error);
  }
  process.exit(1);
});
