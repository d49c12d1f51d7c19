import { z } from 'zod';
import type { FieldIssue } from '../domain/errors.ts';
import { canonicalUuid } from '../domain/uuid.ts';

/** Parsing of path, query and body the way the legacy FastAPI service answered it: 422 with
 * one {type, loc, msg, input} entry per bad field. Ids follow the one rule of src/domain/uuid.ts
 * (the GraphQL scalar's too) and come out in lower case. */

export const uuid = z
  .string({ error: 'Input should be a valid string' })
  .refine((value) => canonicalUuid(value) !== null, { message: 'Input should be a valid UUID', params: { type: 'uuid_parsing' } })
  .transform((value) => canonicalUuid(value)!)
  // The refinement is invisible to JSON Schema; the format says it in /openapi.json.
  .meta({ format: 'uuid' });

export const text = (max = 1_000) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'Field required' : 'Input should be a valid string') })
    .max(max, { message: `String should have at most ${max} characters` });

const TRUE = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE = ['false', '0', 'no', 'off', 'f', 'n'];

/** A query-string boolean as FastAPI (pydantic) read one: true/false, 1/0, yes/no, on/off. */
export const queryBoolean = z
  .string()
  .refine((value) => TRUE.includes(value.toLowerCase()) || FALSE.includes(value.toLowerCase()), {
    message: 'Input should be a valid boolean, unable to interpret input',
    params: { type: 'bool_parsing' },
  })
  .transform((value) => TRUE.includes(value.toLowerCase()))
  // What /openapi.json says, as FastAPI did: a boolean (its string spellings are the parser's business).
  .meta({ type: 'boolean' });

/** A list of names in a query string: one value, or the parameter repeated; each value may hold
 * several names separated by commas. */
export const nameList = z
  .union([z.string().max(5_000), z.array(z.string().max(5_000)).max(50)])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean));

/** A page size in a query string: digits. */
export const pageSize = z.string().regex(/^\d{1,6}$/, { message: 'Input should be a valid integer' }).transform(Number);

export type Location = 'path' | 'query' | 'body';

/** Converts zod's issues into FastAPI's entries, located under `where`. */
export function toFieldIssues(error: z.ZodError, where: Location, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const missing = value === undefined;
    return {
      type: missing ? 'missing' : fastApiType(issue),
      loc: [where, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
      msg: missing ? 'Field required' : issue.message,
      input: missing ? null : echoable(value),
    };
  });
}

function fastApiType(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.type === 'string') return issue.params.type;
  if (issue.code === 'invalid_type') return `${issue.expected}_type`;
  if (issue.code === 'too_big' || issue.code === 'too_small') return 'string_length';
  if (issue.code === 'invalid_value') return 'enum';
  return 'value_error';
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const MAX_ECHO = 1_000;

/** FastAPI echoed the bad input; we do too, unless it is too big or too deep to serialize
 * safely (a 10,000-deep body would overflow the serializer's stack): then null. */
function echoable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' && value.length > MAX_ECHO ? value.slice(0, MAX_ECHO) : value;
  try {
    return JSON.stringify(value).length <= MAX_ECHO ? value : null;
  } catch {
    return null;
  }
}
