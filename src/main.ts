import 'reflect-metadata';
import { JwtService } from './auth/jwt.ts';
import { resolveJwtSecret } from './auth/jwt-secret.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createLogger } from './logger.ts';
import { buildServer } from './server.ts';

/** config → database → server → listen, and the reverse on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (config.mode !== 'production') {
    logger.warn(`running in ${config.mode} mode: introspection and Apollo Sandbox are on (set APP_ENV=production to turn them off)`);
  }
  const db = await openDatabase(config.database, {
    info: (msg) => logger.info(msg),
    warn: (msg) => logger.warn(msg),
    error: (obj, msg) => logger.error(obj, msg),
  });
  const jwt = new JwtService({ ...config.jwt, secret: await resolveJwtSecret(config) });
  const app = await buildServer({ config, db, jwt, logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining HTTP, then closing the database`);
    try {
      await app.close(); // stops accepting, lets in-flight requests finish, stops Apollo
      await db.close(); // pool, then the embedded database (its data directory reopens cleanly)
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  logger.info(`Tenantry listening on ${address} (GraphQL at ${address}/graphql)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Tenantry failed to start:', error);
  }
  process.exit(1);
});
