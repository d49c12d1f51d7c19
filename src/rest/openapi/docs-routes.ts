import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { useDocsCsp } from '../../security/headers.ts';
import type { LegacyRoute } from '../legacy-route.ts';
import { buildOpenApiDocument, type DocumentSettings } from './openapi-document.ts';

/** GET /openapi.json (the legacy door's OpenAPI 3.1 document, built from the route table at
 * start) and GET /docs (Swagger UI rendering it, its assets from the npm package). */
export async function registerDocsRoutes(app: FastifyInstance, routes: readonly LegacyRoute[], settings: DocumentSettings): Promise<void> {
  const document = buildOpenApiDocument(routes, settings);
  app.get('/openapi.json', async () => document);
  await app.register(async (docs) => {
    useDocsCsp(docs);
    await docs.register(swagger, { mode: 'static', specification: { document: document as never } });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      // No validator badge: it would send the document to a third-party service.
      validatorUrl: false,
      uiConfig: { deepLinking: true, defaultModelsExpandDepth: 0 },
    });
  });
}
