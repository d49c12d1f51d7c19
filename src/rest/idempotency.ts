import type { FastifyReply } from 'fastify';
import type { OperationDefinitionNode } from 'graphql';
import type { FieldIssue } from '../domain/errors.ts';
import type { Outcome } from '../idempotency/answer-once.ts';
import { IDEMPOTENCY_KEY_HEADER, INVALID_KEY_MESSAGE } from '../idempotency/idempotency-key.ts';
import { keyRefusal } from '../operations/registry.ts';
import { rootFieldNames } from '../idempotency/root-fields.ts';
import { JSON_TYPE, sendOutcome } from '../idempotency/send-answer.ts';
import type { Answer } from '../idempotency/stored-answers.ts';
import type { RestAnswer } from '../http/errors.ts';

/** The legacy door's side of Idempotency-Key (src/idempotency/): which routes honour it, its
 * 422 entry, its bodies. */

/** What a route does with the header. The runner and /openapi.json both read this, so the
 * document declares the header on exactly the routes that run once per key. */
export type RouteKeyPolicy =
  /** A read: running it again is what a retry should do. */
  | { kind: 'ignored' }
  /** An operation that refuses a key (its `refusesIdempotencyKey`): 422 with this message. */
  | { kind: 'refused'; message: string }
  /** Every other mutation: once per (caller, key). */
  | { kind: 'honoured' };

export function routeKeyPolicy(operation: OperationDefinitionNode): RouteKeyPolicy {
  if (operation.operation !== 'mutation') return { kind: 'ignored' };
  const message = keyRefusal(rootFieldNames(operation));
  return message ? { kind: 'refused', message } : { kind: 'honoured' };
}

/** FastAPI's 422 entry for a malformed header. */
export function invalidKeyIssue(input: string | string[]): FieldIssue {
  return { type: 'value_error', loc: ['header', IDEMPOTENCY_KEY_HEADER], msg: INVALID_KEY_MESSAGE, input };
}

/** A legacy answer as the bytes that are sent, and kept for a retry. */
export function serialized(answer: RestAnswer): Answer {
  return { status: answer.status, contentType: JSON_TYPE, body: JSON.stringify(answer.body), headers: Object.entries(answer.headers ?? {}) };
}

export function sendRestOutcome(reply: FastifyReply, outcome: Outcome) {
  return sendOutcome(reply, outcome, (refusal) => ({ detail: refusal.message }));
}
