import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Metrics } from './metrics.ts';

/** GET /metrics (Prometheus text). With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * is served (Prometheus's `authorization` scrape setting sends it); without one it is open
 * outside production, for a developer on loopback, and not served at all in production. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, config: Pick<Config, 'mode' | 'metricsToken'>): void {
  const { metricsToken: token } = config;
  if (!token && config.mode === 'production') return;
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  app.get('/metrics', async (request, reply) => {
    const given = request.headers.authorization;
    // Compared as digests: constant time whatever the lengths.
    if (expected && !(typeof given === 'string' && timingSafeEqual(digest(given), expected))) {
      return reply.code(401).header('www-authenticate', 'Bearer').type('application/json').send({ detail: 'Unauthorized' });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
