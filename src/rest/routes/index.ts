import { LEGACY_ROUTES } from '../../operations/registry.ts';
import type { LegacyRoute } from '../legacy-route.ts';
import { accountRoutes } from './accounts.routes.ts';
import { auditRoutes } from './audit-events.routes.ts';
import { apiKeyRoutes } from './api-keys.routes.ts';
import { eventRoutes } from './events.routes.ts';
import { tenantRoutes } from './tenants.routes.ts';

/** Every legacy route the service answers, by resource. */
export const legacyRoutes: LegacyRoute[] = [...LEGACY_ROUTES, ...accountRoutes, ...apiKeyRoutes, ...tenantRoutes, ...auditRoutes, ...eventRoutes];
