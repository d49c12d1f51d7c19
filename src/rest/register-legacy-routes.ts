import type { ApolloServer, GraphQLResponse } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getOperationAST, parse, type GraphQLSchema } from 'graphql';
import type { FieldIssue } from '../domain/errors.ts';
import { findHostileText } from '../domain/hostile-text.ts';
import type { Context } from '../graphql/context.ts';
import { requiresAuthentication } from '../graphql/permissions/public-operations.ts';
import { inRequestTransaction } from '../graphql/context.ts';
import { answerOnce } from '../idempotency/answer-once.ts';
import { KEY_NEEDS_CALLER_MESSAGE, parseIdempotencyKey, requestFingerprint } from '../idempotency/idempotency-key.ts';
import type { IdempotencySettings } from '../idempotency/settings.ts';
import { graphQLErrorAnswer, sendDetail, sendValidationError, type RestAnswer } from '../http/errors.ts';
import { sendAnswer } from '../idempotency/send-answer.ts';
import { invalidKeyIssue, routeKeyPolicy, sendRestOutcome, serialized } from './idempotency.ts';
import type { LegacyRoute } from './legacy-route.ts';
import { toFieldIssues, type Location } from './validation.ts';

// A bound on list routes (100 per page): 100,000 members, then the list is cut rather than the process.
const MAX_PAGES = 1_000;

export interface LegacyDeps {
  apollo: ApolloServer<Context>;
  createContext(request: FastifyRequest): Promise<Context>;
  idempotency: IdempotencySettings;
  /** The served schema: a keyed request's variables are fingerprinted as it coerces them. */
  schema: GraphQLSchema;
}

/** Mounts each legacy route as: authenticate → refuse unstorable text (422) → parse input and Idempotency-Key (422) → run its
 * operation through the same Apollo server, schema and shield rules as /graphql → map the
 * outcome. A mutation sent with a key runs once per key (src/idempotency/answer-once.ts). */
export function registerLegacyRoutes(app: FastifyInstance, routes: readonly LegacyRoute[], deps: LegacyDeps): void {
  for (const route of routes) {
    const operation = getOperationAST(parse(route.operation));
    if (!operation) throw new Error(`legacy route ${route.method} ${route.url}: operation must be a single named operation`);
    const needsCaller = requiresAuthentication(operation);
    const keyPolicy = routeKeyPolicy(operation);
    const keyRefused = keyPolicy.kind === 'refused' ? keyPolicy.message : undefined;
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const ctx = await deps.createContext(request);
        // 401 before 422: a stranger learns nothing about which inputs would be accepted.
        if (needsCaller && !ctx.actor) return sendDetail(reply, 401, 'Unauthorized');
        // Text PostgreSQL cannot store is refused whole-request, before any field is parsed.
        const hostile = findHostileText(request.params, ['path']) ?? findHostileText(request.query, ['query']) ?? findHostileText(request.body, ['body']);
        if (hostile) return sendValidationError(reply, [hostile]);
        // Reads ignore the header: running them again is what a retry should do.
        const key = keyPolicy.kind === 'ignored' ? undefined : parseIdempotencyKey(request.raw.rawHeaders);
        const parsed = parseInput(route, request);
        const issues = [...('issues' in parsed ? parsed.issues : []), ...(key && 'invalid' in key ? [invalidKeyIssue(key.invalid)] : [])];
        if (issues.length || 'issues' in parsed) return sendValidationError(reply, issues);
        const variables = route.variables(parsed);
        if (!key || 'invalid' in key) return sendAnswer(reply, serialized(await runRoute(route, deps.apollo, ctx, variables)));
        if (keyRefused || !ctx.actor) return sendDetail(reply, 422, keyRefused ?? KEY_NEEDS_CALLER_MESSAGE);
        const keyed = { callerId: ctx.actor.userId, key: key.key, fingerprint: requestFingerprint(deps.schema, ['rest', route.method, route.url], operation, variables), savepoints: false };
        const outcome = await answerOnce(deps.idempotency.prisma, keyed, deps.idempotency.ttlHours, async (tx) => {
          const answer = await runRoute(route, deps.apollo, inRequestTransaction(ctx, tx), variables);
          return { answer: serialized(answer), success: answer.status < 300 };
        });
        return sendRestOutcome(reply, outcome);
      },
    });
  }
}

/** Runs the route's operation (every page of it, for a list route) and maps the outcome. */
async function runRoute(route: LegacyRoute, apollo: ApolloServer<Context>, ctx: Context, variables: Record<string, unknown>): Promise<RestAnswer> {
  const pages: unknown[] = [];
  let after: string | null = null;
  do {
    const response: GraphQLResponse = await apollo.executeOperation({ query: route.operation, variables: route.paginate ? { ...variables, after } : variables }, { contextValue: ctx });
    if (response.body.kind !== 'single') throw new Error('legacy routes run single-result operations');
    const { data: page, errors } = response.body.singleResult;
    if (errors?.length) return graphQLErrorAnswer(errors[0], route.issuesAt ?? 'body');
    if (!page) throw new Error(`legacy route ${route.url}: no data and no errors`);
    pages.push(page);
    after = route.paginate?.cursor(page) ?? null;
  } while (after !== null && pages.length < MAX_PAGES);
  const data = route.paginate ? route.paginate.merge(pages) : pages[0];
  return { status: route.status ?? 200, body: route.present(data) };
}

type Parsed = { path: unknown; query: unknown; body: unknown } | { issues: FieldIssue[] };

function parseInput(route: LegacyRoute, request: FastifyRequest): Parsed {
  const issues: FieldIssue[] = [];
  const parsed: Record<Location, unknown> = { path: undefined, query: undefined, body: undefined };
  const sources: Record<Location, unknown> = { path: request.params, query: request.query, body: request.body };
  for (const where of ['path', 'query', 'body'] as const) {
    const schema = route[where];
    if (!schema) continue;
    const result = schema.safeParse(sources[where]);
    if (result.success) parsed[where] = result.data;
    else issues.push(...toFieldIssues(result.error, where, sources[where]));
  }
  return issues.length ? { issues } : parsed;
}
