import pg from 'pg';
import { isDatabaseUnavailable } from '../../src/db/prisma-errors.ts';

/** Which database errors mean "try again later" (503 + Retry-After) and which are faults (500,
 * logged). The pg driver's own error class, alone and as Prisma's driver adapter wraps it. */

function pgError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

// As @prisma/adapter-pg hands a raw query's failure to Prisma (P2010 over the SQLSTATE).
function wrappedByPrisma(code: string, message: string) {
  return Object.assign(new Error(`Raw query failed. Code: \`${code}\`. Message: \`${message}\``), {
    code: 'P2010',
    meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: code, originalMessage: message } } },
  });
}

const outages: [string, string][] = [
  ['57P01', 'terminating connection due to administrator command'],
  ['57P03', 'the database system is starting up'],
  ['08006', 'connection failure'],
  ['08003', 'connection does not exist'],
];
const faults: [string, string][] = [
  ['08P01', 'bind message supplies 2 parameters, but prepared statement "" requires 1'],
  ['23505', 'duplicate key value violates unique constraint "memberships_pkey"'],
  ['42P01', 'relation "users" does not exist'],
];

test.each(outages)('%s (%s) is an outage, whether it comes from pg or through Prisma', (code, message) => {
  expect(isDatabaseUnavailable(pgError(code, message))).toBe(true);
  expect(isDatabaseUnavailable(wrappedByPrisma(code, message))).toBe(true);
});

test.each(faults)('%s (%s) is a fault, not an outage, whether it comes from pg or through Prisma', (code, message) => {
  expect(isDatabaseUnavailable(pgError(code, message))).toBe(false);
  expect(isDatabaseUnavailable(wrappedByPrisma(code, message))).toBe(false);
});
