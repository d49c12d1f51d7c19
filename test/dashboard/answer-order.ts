import { Pool } from 'pg';
import { seeded } from '../helpers/seeded.ts';

/** Runs `work` while the server receives the database's answers in an order this seed chooses,
 * the way a loaded machine might deliver them: each statement gets a random rank, an answer is
 * handed over only when no statement of higher rank is still unanswered, and one answer per turn
 * of the event loop (so whatever one answer starts runs before the next arrives). Answers that
 * arrive together on an idle machine are thereby pulled apart, in a different order per seed;
 * nothing here waits for a clock. Test-only, like statement-counter.ts: it wraps node-postgres'
 * Pool#query (the pg adapter's path outside transactions), which this file's module registry
 * shares with the server under test. */
export async function withAnswersReordered<T>(seed: number, work: () => Promise<T>): Promise<T> {
  const rank = seeded(seed);
  const unanswered: { rank: number; hand?: () => void }[] = [];
  let turnQueued = false;
  const handOverNext = () => {
    if (turnQueued) return;
    turnQueued = true;
    setImmediate(() => {
      turnQueued = false;
      unanswered.sort((a, b) => b.rank - a.rank);
      const first = unanswered[0];
      if (!first?.hand) return; // the highest-ranked statement has not been answered yet
      unanswered.shift();
      first.hand();
      handOverNext();
    });
  };
  const original = Object.getOwnPropertyDescriptor(Pool.prototype, 'query');
  const query = Pool.prototype.query as (...args: unknown[]) => unknown;
  Pool.prototype.query = function (this: Pool, ...args: unknown[]) {
    if (typeof args.at(-1) === 'function') return query.apply(this, args);
    const entry: { rank: number; hand?: () => void } = { rank: rank() };
    unanswered.push(entry);
    return new Promise((resolve, reject) => {
      (query.apply(this, args) as Promise<unknown>).then(
        (answer) => {
          entry.hand = () => resolve(answer);
          handOverNext();
        },
        (error: unknown) => {
          entry.hand = () => reject(error);
          handOverNext();
        },
      );
    });
  } as typeof Pool.prototype.query;
  try {
    return await work();
  } finally {
    if (original) Object.defineProperty(Pool.prototype, 'query', original);
    else delete (Pool.prototype as { query?: unknown }).query;
  }
}
