import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Mode } from '../config.ts';

/** The browser session: the access token (a JWT from `login(…, setSessionCookie: true)`) in an
 * httpOnly cookie, so page scripts never hold it. Scoped to /graphql, the only door that reads
 * it (with Apollo's CSRF prevention in force there); the legacy REST routes never receive it. */
export const SESSION_COOKIE = 'tenantry_session';
const SESSION_COOKIE_PATH = '/graphql';

/** What a resolver may do with the caller's session cookie (only on /graphql). */
export interface SessionCookieJar {
  /** Sets the cookie to `token` for `maxAgeSeconds` (the token's own lifetime). */
  set(token: string, maxAgeSeconds: number): void;
  clear(): void;
}

export function sessionCookieJar(reply: FastifyReply, mode: Mode): SessionCookieJar {
  const options = { path: SESSION_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: mode === 'production' } as const;
  return {
    set: (token, maxAgeSeconds) => void reply.setCookie(SESSION_COOKIE, token, { ...options, maxAge: maxAgeSeconds }),
    clear: () => void reply.clearCookie(SESSION_COOKIE, options),
  };
}

/** The token the request's session cookie holds, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[SESSION_COOKIE];
  return value ? value : undefined;
}
