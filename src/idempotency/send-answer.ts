import type { FastifyReply } from 'fastify';
import type { Outcome } from './answer-once.ts';
import { KEY_IN_FLIGHT_MESSAGE, KEY_IN_FLIGHT_RETRY_AFTER_SECONDS, KEY_REUSED_MESSAGE, REPLAYED_HEADER } from './idempotency-key.ts';
import type { Answer } from './stored-answers.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A refusal of the key itself, in the door's error shape. */
export interface KeyRefusal {
  message: string;
  code: 'BAD_USER_INPUT' | 'CONFLICT';
  reason: string;
  retryAfter?: number;
}

/** Sends what answerOnce decided: a fresh answer as produced, a replay marked
 * Idempotency-Replayed, a reused key 422, a key still running 409 + Retry-After. */
export function sendOutcome(reply: FastifyReply, outcome: Outcome, body: (refusal: KeyRefusal) => unknown) {
  switch (outcome.kind) {
    case 'answered':
      return sendAnswer(reply, outcome.answer);
    case 'replayed':
      return sendAnswer(reply.header(REPLAYED_HEADER, 'true'), outcome.answer);
    case 'reused':
      return reply.code(422).type(JSON_TYPE).send(body({ message: KEY_REUSED_MESSAGE, code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' }));
    case 'in-flight': {
      const retryAfter = KEY_IN_FLIGHT_RETRY_AFTER_SECONDS;
      reply.header('retry-after', String(retryAfter));
      return reply.code(409).type(JSON_TYPE).send(body({ message: KEY_IN_FLIGHT_MESSAGE, code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_FLIGHT', retryAfter }));
    }
  }
}

export function sendAnswer(reply: FastifyReply, answer: Answer) {
  for (const [name, value] of answer.headers ?? []) reply.header(name, value);
  return reply.code(answer.status).type(answer.contentType).send(answer.body);
}
