import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Mode } from '../config.ts';
import { CONSOLE_CSP, CONSOLE_DIST } from './console-dist.ts';
import { LANDING_CSP, landingPage } from './landing-page.ts';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><main><h1>The admin console is not built</h1><p>Run <code>npm run console:build</code> (or <code>npm install</code>) and reload.</p></main></body></html>`;

/** The one icon, for `/favicon.ico` (which browsers ask for unprompted) and the pages' `<link rel=icon>`. */
const FAVICON = join(__dirname, 'favicon.svg');

/** `/` (the landing page), the favicon, and `/console` (the admin console's single-page app: every path under
 * it answers the app's index.html, which routes in the browser; its hashed assets are cached for good). */
export async function registerConsole(app: FastifyInstance, mode: Mode, dist: string = CONSOLE_DIST): Promise<void> {
  const html = landingPage(mode);
  app.get('/', async (_request, reply) => reply.header('content-security-policy', LANDING_CSP).type('text/html; charset=utf-8').send(html));
  const favicon = await readFile(FAVICON);
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    app.get(path, async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(favicon));
  }

  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
    });
    const assets = join(dist, 'assets');
    if (existsSync(assets)) {
      await scope.register(fastifyStatic, { root: assets, prefix: '/console/assets/', immutable: true, maxAge: '365d', index: false, preCompressed: true });
    }
    let index: string | undefined;
    const sendIndex = async (_request: unknown, reply: FastifyReply) => {
      index ??= await readFile(join(dist, 'index.html'), 'utf8').catch(() => undefined);
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      return index ? reply.send(index) : reply.code(503).send(NOT_BUILT);
    };
    scope.get('/console', sendIndex);
    scope.get('/console/*', sendIndex);
  });
}
