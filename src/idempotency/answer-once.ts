import type { PrismaClient } from '../db/client.ts';
import { isRetryableConflict } from '../db/prisma-errors.ts';
import { afterCommit, openRequestTransaction, type Tx } from '../db/transaction.ts';
import { claimKey, findStoredAnswer, storeAnswer, type Answer, type KeyOwner, type StoredAnswer } from './stored-answers.ts';

/** A request sent with an Idempotency-Key, as either door sees it. */
export interface KeyedRequest extends KeyOwner {
  fingerprint: string;
  /** The request runs several use-cases (several mutation fields): each gets a savepoint. */
  savepoints: boolean;
}

/** What running the request produced, and whether the door counts it a success (REST 2xx;
 * GraphQL: a mutation field that did not fail). */
export interface Executed {
  answer: Answer;
  success: boolean;
}

export type Outcome =
  /** Ran now (and kept if it was a success that changed something). */
  | { kind: 'answered'; answer: Answer }
  /** Ran before: the first answer, again. */
  | { kind: 'replayed'; answer: Answer }
  /** The key was used for a different request. */
  | { kind: 'reused' }
  /** A request with this key is running now. */
  | { kind: 'in-flight' };

const ATTEMPTS = 3;

class Unkept extends Error {
  constructor(readonly answer: Answer) {
    super('answer not kept');
  }
}

class NeedsSavepoints extends Error {
  constructor() {
    super('a use-case threw, yet the request answered success');
  }
}

class LostRace extends Error {
  constructor() {
    super('a request with the same key committed first');
  }
}

/** Runs `execute` at most once per (caller, key): in one transaction that claims the key, runs
 * the request with every use-case joining it (ctx.db = tx), and stores the answer before
 * committing, so the effect and its answer are written together or not at all. Two statements
 * more than the request alone (claim, store), no second transaction. A deadlock inside runs the
 * whole request again, as inTransaction does for a use-case; so does a success whose use-case
 * threw (a dry run that rolls itself back by throwing), then with each use-case in a savepoint. */
export async function answerOnce(prisma: PrismaClient, keyed: KeyedRequest, ttlHours: number, execute: (tx: Tx) => Promise<Executed>): Promise<Outcome> {
  let request = keyed;
  for (let attempt = 1; ; attempt++) {
    try {
      let committed: Tx | undefined;
      const outcome = await prisma.$transaction(
        async (tx): Promise<Outcome> => {
          const claim = await claimKey(tx, request);
          if (claim.stored) return fromStored(claim.stored, request.fingerprint);
          if (!claim.acquired) return { kind: 'in-flight' };
          const scope = openRequestTransaction(tx, { savepoints: request.savepoints });
          const executed = await execute(tx);
          if (scope.conflict) throw scope.conflict;
          // One rule for every operation: only a success that changed something is kept. A
          // refusal, or a success that changed nothing (a preview; a bulk removal whose users
          // were all refused), is answered and forgotten, so a retry runs again. Throwing rolls
          // back whatever a refused request did before it was refused.
          if (!executed.success || scope.effects === 0) throw new Unkept(executed.answer);
          if (scope.escaped) throw new NeedsSavepoints();
          if (!(await storeAnswer(tx, request, request.fingerprint, executed.answer, ttlHours))) throw new LostRace();
          committed = tx;
          return { kind: 'answered', answer: executed.answer };
        },
        { maxWait: 5_000, timeout: 15_000 },
      );
      if (committed) afterCommit(committed);
      return outcome;
    } catch (error) {
      if (error instanceof NeedsSavepoints) {
        request = { ...request, savepoints: true };
        continue;
      }
      if (error instanceof Unkept || error instanceof LostRace) {
        // A request with this key may have committed after our claim read (see claimKey): its
        // answer is the one to give, not a refusal caused by its own effect.
        const stored = await findStoredAnswer(prisma, request).catch(() => null);
        if (stored) return fromStored(stored, request.fingerprint);
        if (error instanceof Unkept) return { kind: 'answered', answer: error.answer };
      } else if (!isRetryableConflict(error)) {
        throw error;
      }
      if (attempt >= ATTEMPTS) {
        if (error instanceof LostRace) return { kind: 'in-flight' };
        throw error;
      }
    }
  }
}

function fromStored(stored: StoredAnswer, fingerprint: string): Outcome {
  if (stored.fingerprint !== fingerprint) return { kind: 'reused' };
  return { kind: 'replayed', answer: { status: stored.status, contentType: stored.contentType, body: stored.body } };
}
