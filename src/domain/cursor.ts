import { InvalidInputError } from './errors.ts';
import { findHostileText } from './hostile-text.ts';

/** Cursors are base64url-encoded JSON: opaque to callers. Every connection decodes through here,
 * so what a cursor carries passes the same text gate as any other input (a forged cursor can
 * hold a NUL that only appears once decoded). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The decoded JSON of a cursor, checked by `accept` (which returns the position, or null when
 * the value is not one this connection produced).
 * @throws InvalidInputError for anything encodeCursor did not produce, or that holds text no
 * input may hold. */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => T | null, argument = 'after'): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor, argument);
  }
  // The cursor is opaque: the issue names the argument and echoes the cursor as sent.
  const hostile = findHostileText(value);
  if (hostile) throw new InvalidInputError('Invalid cursor', [{ ...hostile, loc: [argument], input: cursor }]);
  const position = accept(value);
  if (position === null) throw invalidCursor(cursor, argument);
  return position;
}

function invalidCursor(cursor: string, argument: string): InvalidInputError {
  return new InvalidInputError('Invalid cursor', [{ loc: [argument], msg: 'Input should be a cursor from pageInfo.endCursor', type: 'value_error', input: cursor }]);
}

/** A page size `first` (default when absent) checked against 1..max, as every connection takes it.
 * @throws InvalidInputError outside that range. */
export function pageSize(first: number | null | undefined, defaultSize: number, max: number): number {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new InvalidInputError(`first must be between 1 and ${max}`, [{ loc: ['first'], msg: `Input should be between 1 and ${max}`, type: 'value_error', input: size }]);
  }
  return size;
}
