import { InvalidArgumentError, type Command } from 'commander';

const MAX_LIMIT = 10_000;

/** `--limit <n>` on a list command: how many lines it prints (default 100). */
export function withLimit(command: Command): Command {
  return command.option('--limit <n>', `how many to print, 1..${MAX_LIMIT}`, parseLimit, 100);
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_LIMIT) throw new InvalidArgumentError(`Not a whole number from 1 to ${MAX_LIMIT}.`);
  return parsed;
}

/** Prints up to `limit` rows (the caller fetched limit + 1, to know there are more) one line each,
 * fields separated by two spaces; a cut list says so on stderr, so stdout stays the list. */
export function printRows<T>(rows: T[], limit: number, line: (row: T) => string[]): void {
  for (const row of rows.slice(0, limit)) console.log(line(row).join('  '));
  if (rows.length > limit) console.error(`(the first ${limit} shown: raise --limit for more)`);
}
