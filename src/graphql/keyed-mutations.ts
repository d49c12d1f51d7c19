import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getOperationAST, parse, print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ParseOptions } from 'graphql';
import { isDatabaseUnavailable } from '../db/prisma-errors.ts';
import { ServiceUnavailableError } from '../domain/errors.ts';
import { answerOnce, type Outcome } from '../idempotency/answer-once.ts';
import { canonicalLiterals } from '../idempotency/canonical-literals.ts';
import { INVALID_KEY_MESSAGE, KEY_NEEDS_CALLER_MESSAGE, parseIdempotencyKey, requestFingerprint } from '../idempotency/idempotency-key.ts';
import { rootFieldNames } from '../idempotency/root-fields.ts';
import type { IdempotencySettings } from '../idempotency/settings.ts';
import type { Answer } from '../idempotency/stored-answers.ts';
import { JSON_TYPE, sendOutcome } from '../idempotency/send-answer.ts';
import { keyRefusal } from '../operations/registry.ts';
import { requiresAuthentication } from './permissions/public-operations.ts';
import { inRequestTransaction, type Context } from './context.ts';
import { domainErrorExtensions } from '../domain/errors.ts';
import { httpStatusFor } from './errors.ts';

export interface GraphQLRouteDeps {
  apollo: ApolloServer<Context>;
  createContext(request: FastifyRequest, reply: FastifyReply): Promise<Context>;
  idempotency: IdempotencySettings;
  /** The served schema: a keyed request's variables are fingerprinted as it coerces them. */
  schema: GraphQLSchema;
  /** The document limits Apollo parses with (a document is parsed here first). */
  parseOptions: ParseOptions;
}

/** The /graphql handler: Apollo's, except for a POSTed mutation with an Idempotency-Key, which
 * runs once per (caller, key) (src/idempotency/answer-once.ts). Queries ignore the header:
 * running a read again is what a retry should do. So does a request Apollo would refuse before
 * running anything (no document, a parse error, an anonymous caller of a members-only field):
 * Apollo answers it as always, and nothing is kept. */
export function graphqlHandler(deps: GraphQLRouteDeps) {
  const apolloHandler = fastifyApolloHandler<Context>(deps.apollo, { context: deps.createContext });
  const handler: typeof apolloHandler = async function (request, reply) {
    const key = request.method === 'POST' ? parseIdempotencyKey(request.raw.rawHeaders) : undefined;
    // Without the document nobody can tell a mutation from a query: refuse rather than ignore.
    if (key && isHashOnly(request.body)) return sendErrors(reply, 400, HASH_ONLY_MESSAGE, { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_NOT_ACCEPTED' });
    const mutation = key && keyedMutation(request.body, deps.parseOptions);
    if (!mutation) return apolloHandler.call(this, request, reply);
    let ctx: Context;
    try {
      ctx = await deps.createContext(request, reply);
    } catch {
      return apolloHandler.call(this, request, reply);
    }
    if (!ctx.actor && requiresAuthentication(mutation.operation)) return apolloHandler.call(this, request, reply);
    if ('invalid' in key) return sendErrors(reply, 400, INVALID_KEY_MESSAGE, { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_INVALID' });
    const fields = rootFieldNames(mutation.operation, mutation.document);
    const refused = keyRefusal(fields);
    if (refused || !ctx.actor) return sendErrors(reply, 400, refused ?? KEY_NEEDS_CALLER_MESSAGE, { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_NOT_ACCEPTED' });
    const keyed = {
      callerId: ctx.actor.userId,
      key: key.key,
      fingerprint: requestFingerprint(deps.schema, ['graphql', print(canonicalLiterals(deps.schema, mutation.document)), mutation.operationName], mutation.operation, mutation.variables),
      savepoints: fields.length > 1,
    };
    const httpGraphQLRequest = toHttpGraphQLRequest(request);
    let outcome: Outcome;
    try {
      outcome = await answerOnce(deps.idempotency.prisma, keyed, deps.idempotency.ttlHours, async (tx) => {
        const txCtx = inRequestTransaction(ctx, tx);
        const answer = completeAnswer(await deps.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => txCtx }));
        return { answer, success: isSuccess(answer) };
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const unavailable = new ServiceUnavailableError();
      const { status, headers } = httpStatusFor(unavailable);
      reply.headers(Object.fromEntries(headers));
      return sendErrors(reply, status, unavailable.message, domainErrorExtensions(unavailable));
    }
    return sendOutcome(reply, outcome, ({ message, ...extensions }) => ({ errors: [{ message, extensions }] }));
  };
  return handler;
}

interface KeyedMutation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  variables: unknown;
}

const HASH_ONLY_MESSAGE = 'Idempotency-Key needs the document itself in `query`, not a persisted-query hash alone';

function isHashOnly(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, extensions } = body as Record<string, unknown>;
  return query === undefined && !!extensions && typeof extensions === 'object' && 'persistedQuery' in extensions;
}

/** The mutation this body would run, or undefined when it is anything else (Apollo decides). */
function keyedMutation(body: unknown, parseOptions: ParseOptions): KeyedMutation | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, variables } = body as Record<string, unknown>;
  if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string')) return undefined;
  let document: DocumentNode;
  try {
    document = parse(query, parseOptions);
  } catch {
    return undefined;
  }
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation !== 'mutation') return undefined;
  return { document, operation, operationName: operationName ?? null, variables: variables ?? null };
}

function toHttpGraphQLRequest(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: request.method.toUpperCase(), headers, search: new URL(request.url, 'http://localhost').search, body: request.body };
}

/** Apollo's answer as bytes (this server never streams: no incremental delivery). */
function completeAnswer(response: HTTPGraphQLResponse): Answer {
  if (response.body.kind !== 'complete') throw new Error('a keyed mutation answered with a stream');
  const headers = [...response.headers].filter(([name]) => name !== 'content-type');
  return { status: response.status ?? 200, contentType: response.headers.get('content-type') ?? JSON_TYPE, body: response.body.string, headers };
}

/** At least one mutation field ran to its end. A field failed when it is null with an error of
 * its own; a null from non-null propagation (data: null) fails them all. */
function isSuccess(answer: Answer): boolean {
  if (answer.status !== 200) return false;
  const { data, errors } = JSON.parse(answer.body) as { data?: Record<string, unknown> | null; errors?: { path?: (string | number)[] }[] };
  if (!data) return false;
  const erred = new Set((errors ?? []).map((error) => error.path?.[0]));
  return Object.entries(data).some(([field, value]) => value !== null || !erred.has(field));
}

function sendErrors(reply: FastifyReply, status: number, message: string, extensions: Record<string, unknown>) {
  return reply.code(status).type(JSON_TYPE).send({ errors: [{ message, extensions }] });
}
