import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

/** One pino logger for the process. Credentials never reach it: request logs carry method,
 * url and ids only, and these paths are redacted should anything log headers. Lines are JSON,
 * except in development on a terminal (LOG_FORMAT=auto), where pino-pretty makes them readable. */
export function createLogger(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat' | 'mode'>>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  if (!prettyLogs(config.logFormat ?? 'json', config.mode ?? 'production', Boolean(process.stdout.isTTY))) {
    // Synchronous to stdout, so the lines written just before an exit ("stopped") are never lost.
    return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
  }
  // Loaded only here: production never loads the prettifier. Synchronous, so lines keep their order.
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(options, pretty.build({ colorize: !destination, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: destination ?? 1 }));
}

/** `auto`: readable lines for a person at a terminal in development; JSON for log collectors,
 * pipes, production and tests. */
export function prettyLogs(format: Config['logFormat'], mode: Config['mode'], terminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && mode === 'development' && terminal);
}
