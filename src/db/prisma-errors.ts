/** The one place that knows Prisma's and the driver's error shapes. */

interface PrismaLikeError {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } };
  cause?: unknown;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as PrismaLikeError | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A unique key rejected the write (P2002): a duplicate. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === 'P2002';
}

// Prisma's connection-level codes, PostgreSQL's "server is going away/unavailable" SQLSTATEs
// (57P01 admin shutdown, 57P02/57P03, 08xxx connection exceptions) and Node's socket errors.
// 08P01 (protocol violation) sits in the 08 class but is a bug on one side of the wire, not an
// outage: answering it 503 + Retry-After would invite retries of something that fails every
// time and hide it from the error log.
const UNAVAILABLE_SQLSTATE = /^(08(?!P01)|57P)/;
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
// pg-pool's own words when every connection stayed busy past connectionTimeoutMillis.
const UNAVAILABLE_TEXT = /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|terminating connection|Can't reach database|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

/** The database could not be reached or dropped the connection: the caller should retry later. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as PrismaLikeError;
  const code = codeOf(e);
  if (code && (PRISMA_UNAVAILABLE.has(code) || SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  const original = e.meta?.driverAdapterError?.cause;
  if (original?.kind === 'DatabaseNotReachable' || original?.kind === 'ConnectionClosed') return true;
  if (original?.originalCode && UNAVAILABLE_SQLSTATE.test(original.originalCode)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** PostgreSQL aborted the transaction for a deadlock (40P01) or a serialization conflict
 * (40001): running it again is safe. Prisma reports these as P2034 from its own queries and as
 * P2010 (with the SQLSTATE underneath) from raw ones. */
export function isRetryableConflict(error: unknown): boolean {
  const code = codeOf(error);
  if (code === 'P2034') return true;
  const cause = (error as PrismaLikeError | null)?.meta?.driverAdapterError?.cause;
  if (cause?.kind === 'TransactionWriteConflict') return true;
  const sqlState = cause?.originalCode ?? (code === 'P2010' ? /Code: `?(\w{5})`?/.exec(String((error as PrismaLikeError).message))?.[1] : undefined);
  return sqlState === '40P01' || sqlState === '40001';
}
