import type { Actor } from '../domain/actor.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { inTransaction, type Tx } from '../db/transaction.ts';
import { emailKey, normaliseEmail } from '../domain/accounts/email-key.ts';
import type { RequestMeta } from '../domain/audit/record-audit.ts';
import { NotFoundError } from '../domain/errors.ts';

/** How every CLI action reaches the database: the service's configuration (DATABASE_URL, or the
 * embedded database in DATA_DIR: through the running service when one holds it, else opened and
 * migrated as `npm start` would, never created), the same use-cases in one transaction each, and
 * the audit trail marked as an operator's (RequestMeta.source). Which database it acted on goes
 * to stderr first. */

export const OPERATOR: RequestMeta = { source: 'cli' };

/** Progress goes to stderr, so stdout holds only the command's answer. */
const log = {
  info: () => undefined,
  warn: (msg: string) => console.error(msg),
  error: (obj: unknown, msg?: string) => console.error(msg ?? '', obj),
};

export async function withDatabase<T>(work: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config.database, log, { role: 'the tenantry CLI', throughHolder: true, existingOnly: true });
  console.error(`database: ${db.description}`);
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

export function inTx<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db.prisma, work);
}

/** The active account with this email, as the actor the use-case acts for.
 * @throws NotFoundError when there is none (or it is deactivated: the API would refuse it too). */
export async function actorFor(tx: Tx, email: string): Promise<Actor> {
  const user = await tx.user.findUnique({ where: { emailKey: emailKey(normaliseEmail(email)) }, select: { id: true, email: true, isActive: true } });
  if (!user) throw new NotFoundError(`No user with email ${email.trim()}`);
  if (!user.isActive) throw new NotFoundError(`The user ${user.email} is deactivated`);
  return { userId: user.id, email: user.email, credential: { kind: 'operator' } };
}
