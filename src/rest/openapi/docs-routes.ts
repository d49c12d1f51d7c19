import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { useDocsCsp } from '../../security/headers.ts';
import type { LegacyRoute } from '../legacy-route.ts';
import { buildOpenApiDocument, type DocumentSettings } from './openapi-document.ts';

/** Our mark, for the tab: a "T" on the console's blue. */
const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b57d0"/><path d="M8 9h16v4h-6v12h-4V13H8z" fill="#fff"/></svg>';

/** The one document: Swagger UI's own copies under /docs send the reader here. */
const OPENAPI_PATH = '/openapi.json';

/** GET /openapi.json (the legacy door's OpenAPI 3.1 document, built from the route table at
 * start) and GET /docs (Swagger UI rendering it, its assets from the npm package). */
export async function registerDocsRoutes(app: FastifyInstance, routes: readonly LegacyRoute[], settings: DocumentSettings): Promise<void> {
  const document = buildOpenApiDocument(routes, settings);
  app.get(OPENAPI_PATH, async () => document);
  await app.register(async (docs) => {
    useDocsCsp(docs);
    await docs.register(swagger, { mode: 'static', specification: { document: document as never } });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      // No validator badge: it would send the document to a third-party service.
      validatorUrl: false,
      // BaseLayout: no top bar, so no "Explore" box that loads other documents; the page is headed
      // by the document's own title. (The plugin's default logo, Fastify's, would be in its script.)
      logo: { type: 'image/svg+xml', content: FAVICON_SVG, href: '/' },
      theme: { title: 'Tenantry legacy REST API', favicon: [{ filename: 'tenantry.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: FAVICON_SVG }] },
      uiConfig: { deepLinking: true, defaultModelsExpandDepth: 0, layout: 'BaseLayout' },
      // The plugin serves its own copies at /docs/json and /docs/yaml (the page loads ./json):
      // both point at /openapi.json instead, so there is one document.
      uiHooks: {
        onRequest: async (request, reply) => {
          const path = request.url.split('?')[0];
          if (path === '/docs/json' || path === '/docs/yaml') return reply.redirect(OPENAPI_PATH, 301);
        },
      },
    });
  });
}
