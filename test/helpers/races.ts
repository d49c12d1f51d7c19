import { onRealPostgres } from './database.ts';

/** `describe` on real PostgreSQL, `describe.skip` on the embedded database. */
export const describeOnPostgres = onRealPostgres ? describe : describe.skip;

/** Says, on the embedded database, that a file's PostgreSQL-only tests were skipped and why
 * (by default: PGlite runs one transaction at a time, so nothing can race on it). */
export function sayWhySkippedOnEmbedded(file: string, why = 'PGlite runs one transaction at a time: nothing can race'): void {
  if (!onRealPostgres) console.warn(`${file}: SKIPPED on the embedded database (${why}). Set TEST_DATABASE_URL to a PostgreSQL server to run it.`);
}

/** Runs `round` the given number of times, one after another, and returns every problem the
 * rounds reported (each prefixed with its round), so one assertion on the list shows every
 * failed round at once. */
export async function raceRounds(rounds: number, round: (index: number, problem: (text: string) => void) => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  for (let index = 0; index < rounds; index++) {
    await round(index, (text) => problems.push(`round ${index}: ${text}`));
  }
  return problems;
}
