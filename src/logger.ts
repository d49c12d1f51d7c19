import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** One pino logger for the process. Credentials never reach it: request logs carry method,
 * url and ids only, and these paths are redacted should anything log headers. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
