import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from './client.ts';
import { isRetryableConflict } from './prisma-errors.ts';

/** What a use-case receives: the transaction, never the client (on the embedded database a
 * query outside the transaction would wait for it to finish, forever). */
export type Tx = Prisma.TransactionClient;

const ATTEMPTS = 3;

/** A transaction opened around a whole request (src/idempotency/answer-once.ts): the use-cases
 * the request runs join it instead of opening their own, so that their effect and what the
 * request stores about it commit together or not at all. */
interface RequestTransaction {
  /** Each use-case in a savepoint of its own: a request running several (a GraphQL document
   * with several mutation fields) keeps the effects of those that succeed. With one, a refusal
   * rolls the whole request transaction back, which costs no statement. */
  savepoints: boolean;
  /** A use-case threw without a savepoint to undo what it wrote: if the request still answers
   * success (a caller caught the error, as a dry run does), it must run again with savepoints. */
  escaped: boolean;
  /** A deadlock or serialization failure met inside: the request must run again, whole. */
  conflict?: unknown;
  /** Changes written that stand (recordEffect), not counting those of a use-case that threw. */
  effects: number;
}

const requestTransactions = new WeakMap<Tx, RequestTransaction>();

/** Transactions that wrote an event (recordEffect): after one commits, the listeners run. */
const wroteEvents = new WeakSet<Tx>();
/** Transactions that changed where events go (recordDestinationChange). */
const changedDestinations = new WeakSet<Tx>();

/** What a commit tells the listeners. */
export interface EventsCommitted {
  /** A webhook endpoint was created, enabled or given events to send again. */
  destinationsChanged: boolean;
}
const committedListeners = new Set<(commit: EventsCommitted) => void>();

/** Calls `listener` after every commit in this process of a transaction that wrote an event or
 * changed a destination (the local relay wakes on it; other processes poll). Returns the
 * unsubscribe. */
export function onEventsCommitted(listener: (commit: EventsCommitted) => void): () => void {
  committedListeners.add(listener);
  return () => committedListeners.delete(listener);
}

/** Notes that `tx` changes where events go: the relay then wakes on its commit even if it had
 * found nowhere to deliver. */
export function recordDestinationChange(tx: Tx): void {
  changedDestinations.add(tx);
}

/** After the commit of `tx` (a transaction this process ran to its end): wakes the listeners
 * if it wrote an event or changed a destination. */
export function afterCommit(tx: Tx): void {
  const destinationsChanged = changedDestinations.has(tx);
  if (!wroteEvents.has(tx) && !destinationsChanged) return;
  for (const listener of committedListeners) listener({ destinationsChanged });
}

/** Makes `tx` the transaction every inTransaction(tx, …) of this request joins. */
export function openRequestTransaction(tx: Tx, options: { savepoints: boolean }): Readonly<RequestTransaction> {
  const scope: RequestTransaction = { savepoints: options.savepoints, escaped: false, effects: 0 };
  requestTransactions.set(tx, scope);
  return scope;
}

/** Runs `work` in one interactive transaction; retries it when PostgreSQL aborted it for a
 * deadlock or serialization conflict (the work re-reads everything under lock each time).
 * Given the transaction a request opened (ctx.db inside openRequestTransaction), `work` joins
 * it; the request's owner then retries the request as a whole. */
export async function inTransaction<T>(db: PrismaClient | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const joined = requestTransactions.get(db);
  if (joined) return joinRequestTransaction(db, joined, work);
  const prisma = db as PrismaClient;
  if (typeof prisma.$transaction !== 'function') throw new Error('inTransaction: a transaction that no request opened');
  for (let attempt = 1; ; attempt++) {
    try {
      let committed: Tx | undefined;
      const result = await prisma.$transaction(
        async (tx) => {
          const value = await work(tx);
          committed = tx;
          return value;
        },
        { maxWait: 5_000, timeout: 15_000 },
      );
      afterCommit(committed!);
      return result;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Notes, in the request transaction `tx` belongs to (if any), that a use-case changed
 * something: the audit writers call it, since every change writes an audit event. A request
 * that noted none changed nothing, and its answer is not kept (src/idempotency/answer-once.ts).
 * It also marks the transaction as one that wrote an event, for afterCommit. */
export function recordEffect(tx: Tx): void {
  wroteEvents.add(tx);
  const scope = requestTransactions.get(tx);
  if (scope) scope.effects++;
}

async function joinRequestTransaction<T>(tx: Tx, scope: RequestTransaction, work: (tx: Tx) => Promise<T>): Promise<T> {
  const effectsBefore = scope.effects;
  try {
    if (!scope.savepoints) return await work(tx);
    await tx.$executeRaw`SAVEPOINT use_case`;
    try {
      const result = await work(tx);
      await tx.$executeRaw`RELEASE SAVEPOINT use_case`;
      return result;
    } catch (error) {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT use_case`;
      throw error;
    }
  } catch (error) {
    // What a use-case that threw wrote is undone: by its savepoint, or (escaped) by a rerun.
    scope.effects = effectsBefore;
    if (!scope.savepoints) scope.escaped = true;
    if (isRetryableConflict(error)) scope.conflict ??= error;
    throw error;
  }
}

/** Carries a rehearsal's result out of the transaction it rolls back. */
class Rehearsal<T> extends Error {
  constructor(readonly result: T) {
    super('rehearsal rolled back');
  }
}

/** Runs `work` exactly as inTransaction would (same locks, same checks, same statements) and
 * then rolls it back: what a dry run answers. Refusals propagate as they would for real.
 * Inside a request transaction the rollback is its savepoint's (see joinRequestTransaction). */
export async function rehearseInTransaction<T>(db: PrismaClient | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await inTransaction(db, async (tx) => {
      throw new Rehearsal(await work(tx));
    });
  } catch (error) {
    if (error instanceof Rehearsal) return error.result as T;
    throw error;
  }
  throw new Error('a rehearsal always rolls back');
}

/** inTransaction, or its rehearsal when `dryRun`. */
export function runOrRehearse<T>(db: PrismaClient | Tx, dryRun: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  return dryRun ? rehearseInTransaction(db, work) : inTransaction(db, work);
}
