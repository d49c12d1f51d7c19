import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../domain/actor.ts';
import { authenticate } from '../auth/authenticate.ts';
import { isDatabaseUnavailable } from '../db/prisma-errors.ts';
import { ServiceUnavailableError } from '../domain/errors.ts';
import type { JwtService } from '../auth/jwt.ts';
import type { PrismaClient } from '../db/client.ts';
import type { Tx } from '../db/transaction.ts';
import type { RequestMeta } from '../domain/audit/record-audit.ts';
import type { WebhookMeta } from '../domain/events/webhooks/webhook-endpoint.ts';
import type { WebhookSettings } from '../config.ts';
import type { SessionCookieJar } from '../auth/session-cookie.ts';
import { headerLines } from '../http/header-lines.ts';
import type { RequestLogFields } from '../observability/request-log.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';

/** Everything a resolver or rule may use. Built once per request, by either door. */
export interface Context {
  actor: Actor | null;
  /** The pool's client; inside a request transaction (inRequestTransaction) that transaction. */
  db: PrismaClient | Tx;
  jwt: JwtService;
  requestId: string;
  /** The client's address (Fastify's request.ip: the socket peer, or X-Forwarded-For per TRUST_PROXY); rate limits key on it. */
  ip: string;
  log: FastifyBaseLogger;
  /** Per-request DataLoaders of the read side (each built on first use); read via loadersFor(ctx, info). */
  loaders: Loaders;
  /** How long after a removal it may be undone (REINSTATE_WINDOW_DAYS). */
  reinstateWindowDays: number;
  /** The operator's webhook settings (which targets are allowed, the secret overlap). */
  webhooks: WebhookSettings;
  /** The browser session cookie, settable by login and logout; only on /graphql. */
  session?: SessionCookieJar;
  /** The request's log line (src/observability/request-log.ts), filled in as the request runs. */
  logFields?: RequestLogFields;
}

/** The same request with every read and write going through `tx`, the transaction the request
 * runs in (src/idempotency/): rules, loaders and use-cases alike, since on the embedded database
 * a statement outside an open transaction would wait for it. */
export function inRequestTransaction(ctx: Context, tx: Tx): Context {
  return { ...ctx, db: tx, loaders: createLoaders(tx, ctx.actor) };
}

/** The audit metadata of this request. */
export function requestMeta(ctx: Context): RequestMeta {
  return { requestId: ctx.requestId };
}

/** The audit metadata of this request with the webhook settings the webhook use-cases need. */
export function webhookMeta(ctx: Context): WebhookMeta {
  return { ...requestMeta(ctx), webhooks: ctx.webhooks };
}

export interface ContextDeps {
  db: PrismaClient;
  jwt: JwtService;
  reinstateWindowDays: number;
  webhooks: WebhookSettings;
}

/** The part of an HTTP request the context needs, whichever door it came through. */
export interface IncomingRequest {
  id: string;
  ip: string;
  /** The header lines as sent (Node's IncomingMessage): credentials are read from them. */
  raw: { rawHeaders: string[] };
  log: FastifyBaseLogger;
  logFields?: RequestLogFields;
}

/** What only the /graphql door adds: the session cookie's token (read there alone, where Apollo's
 * CSRF prevention is in force) and the jar login and logout set it through. */
export interface SessionDoor {
  sessionToken?: string;
  session: SessionCookieJar;
}

/** Builds the per-request context: credentials are parsed here, once.
 * @throws ServiceUnavailableError when the database cannot be reached to check them. */
export function contextFactory(deps: ContextDeps) {
  return async (request: IncomingRequest, door?: SessionDoor): Promise<Context> => {
    let actor: Actor | null;
    try {
      const [authorization, apiKey] = [headerLines(request.raw.rawHeaders, 'authorization'), headerLines(request.raw.rawHeaders, 'x-api-key')];
      // A credential header sent twice is ambiguous (Node keeps the first Authorization and joins
      // X-Api-Key lines): which one was meant is a guess, so neither counts, nor does the cookie.
      const doubled = authorization.length > 1 || apiKey.length > 1;
      actor = doubled ? null : await authenticate({ authorization: authorization[0], apiKey: apiKey[0], sessionToken: door?.sessionToken }, deps.db, deps.jwt);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError();
      throw error;
    }
    if (actor && request.logFields) request.logFields.userId = actor.userId;
    return {
      actor,
      db: deps.db,
      jwt: deps.jwt,
      requestId: request.id,
      ip: request.ip,
      log: request.log,
      loaders: createLoaders(deps.db, actor),
      reinstateWindowDays: deps.reinstateWindowDays,
      webhooks: deps.webhooks,
      session: door?.session,
      logFields: request.logFields,
    };
  };
}
