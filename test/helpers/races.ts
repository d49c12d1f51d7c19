import { onRealPostgres } from './database.ts';

/** `describe` on real PostgreSQL; on the embedded database the block is skipped, saying why:
 * PGlite runs one transaction at a time, so nothing can race on it. */
export function describeOnPostgres(name: string, body: () => void): void {
  if (onRealPostgres) {
    describe(name, body);
    return;
  }
  console.warn(`${name}: SKIPPED on the embedded database (one transaction at a time: nothing can race). Set TEST_DATABASE_URL to a PostgreSQL server to run it.`);
  describe.skip(name, body);
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
