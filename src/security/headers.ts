import helmet from '@fastify/helmet';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Mode } from '../config.ts';

/** Where the Apollo Sandbox landing page (development only) loads its code, styles, fonts and
 * frame from (@apollo/server's landingPage/default plugin lists the same origins). */
const APOLLO_CDN = [
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
  'https://apollo-server-landing-page.cdn.apollographql.com',
];
const APOLLO_FRAMES = ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'];

/** Production serves JSON only: nothing may load, frame, or be framed. */
const STRICT_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Development serves the Sandbox page: its CDN scripts and styles, Google Fonts, the Sandbox
 * iframe, and fetches to this server. Its inline scripts carry a nonce in the page's own <meta>
 * policy, which we cannot know here, hence 'unsafe-inline' — development only. */
const SANDBOX_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'", ...APOLLO_CDN],
  styleSrc: ["'self'", "'unsafe-inline'", ...APOLLO_CDN, 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'https://fonts.gstatic.com'],
  imgSrc: ["'self'", 'data:', ...APOLLO_CDN],
  manifestSrc: ["'self'", ...APOLLO_CDN],
  frameSrc: ["'self'", ...APOLLO_FRAMES],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/** The API reference at /docs (Swagger UI, every asset served from this server): its own
 * scripts, its styles (it injects a <style> element, hence 'unsafe-inline' for styles, never
 * scripts), its data: icons, and fetches of /docs/json. Nothing else may load, in any mode. */
const DOCS_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Gives every route registered after this call, in `scope` (an encapsulated plugin), the docs
 * CSP instead of the global one; other routes keep theirs. */
export function useDocsCsp(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    // @fastify/helmet reads a route's own options from its config (its onRoute hook has already
    // run for this route, so route.helmet would not be seen).
    route.config = { ...(route.config as object), helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } } } as RouteOptions['config'];
  });
}

/** Security headers on every response (helmet): CSP strict in production and relaxed for the
 * Sandbox otherwise; HSTS and X-Frame-Options: DENY in production only (development is plain
 * HTTP on loopback, where a pinned HSTS would only get in the way). */
export async function registerSecurityHeaders(app: FastifyInstance, mode: Mode): Promise<void> {
  const production = mode === 'production';
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: production ? STRICT_CSP : SANDBOX_CSP },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: production ? 'deny' : 'sameorigin' },
  });
}
