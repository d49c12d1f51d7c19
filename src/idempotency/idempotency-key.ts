import { createHash } from 'node:crypto';
import { getVariableValues, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { configure } from 'safe-stable-stringify';
import { headerLines } from '../http/header-lines.ts';

/** The Idempotency-Key request header (IETF draft-ietf-httpapi-idempotency-key-header): what it
 * may hold, which mutations refuse it, and the fingerprint a key is bound to. */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;
// The draft makes the value a structured-field string ("…"); most clients send it bare.
const QUOTED = /^"((?:[^"\\]|\\["\\])*)"$/;

export const INVALID_KEY_MESSAGE = 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters';

export const KEY_NEEDS_CALLER_MESSAGE = 'Idempotency-Key needs a signed-in caller: keys are kept per caller';
export const KEY_REUSED_MESSAGE = 'This Idempotency-Key was already used for a different request: send a new key with a new request';
export const KEY_IN_FLIGHT_MESSAGE = 'A request with this Idempotency-Key is still running: retry after it completes';
/** Retry-After of an in-flight refusal: a use-case holds its transaction for milliseconds. */
export const KEY_IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

export type ParsedKey = { key: string } | { invalid: string | string[] };

/** undefined: no header. Read from the raw header lines: two lines, even identical ones, are
 * malformed (Node would join them into one printable string, `K, K`, a key of its own). A
 * quoted value is unquoted first, so `"k"` and `k` are the same key. */
export function parseIdempotencyKey(rawHeaders: readonly string[]): ParsedKey | undefined {
  const lines = headerLines(rawHeaders, IDEMPOTENCY_KEY_HEADER);
  if (lines.length === 0) return undefined;
  if (lines.length > 1) return { invalid: lines };
  const value = lines[0];
  const quoted = QUOTED.exec(value);
  const key = quoted ? quoted[1].replace(/\\(["\\])/g, '$1') : value;
  return PRINTABLE_ASCII.test(key) ? { key } : { invalid: value };
}

// Bounded so a hostile nesting cannot overflow the stack; no input of the schema is nearly this
// deep, and a request that deep is refused by GraphQL before any effect, so it is never stored.
const canonical = configure({ deterministic: true, maximumDepth: 100 });

/** sha256 of what a keyed request means: `door` names it (REST: door, method, route; GraphQL:
 * door, normalised document with its literals canonical (canonical-literals.ts), operation name) and the operation's variables are coerced through
 * its variable types, as the resolvers will receive them (ids in lower case, defaults filled
 * in), then written in a canonical form (object keys sorted). So a retry that spells its ids in
 * another case, its JSON keys in another order or its document with other whitespace is the
 * same request, on both doors. Variables that do not coerce are fingerprinted as sent: GraphQL
 * refuses them before anything runs, and a refusal is never stored. */
export function requestFingerprint(schema: GraphQLSchema, door: unknown[], operation: OperationDefinitionNode, variables: unknown): string {
  const sent = variables && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], sent, { maxErrors: 1 });
  return createHash('sha256')
    .update(canonical([...door, 'coerced' in coerced ? coerced.coerced : variables]))
    .digest('hex');
}
