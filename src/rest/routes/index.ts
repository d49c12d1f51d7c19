import { LEGACY_ROUTES } from '../../operations/registry.ts';
import type { LegacyRoute } from '../legacy-route.ts';
import { auditRoutes } from './audit-events.routes.ts';
import { datasetPermissionRoutes } from './dataset-permissions.routes.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { eventRoutes } from './events.routes.ts';
import { roleRoutes } from './roles.routes.ts';
import { tenantRoutes } from './tenants.routes.ts';

/** Every legacy route the service answers, by resource. */
export const legacyRoutes: LegacyRoute[] = [...LEGACY_ROUTES, ...tenantRoutes, ...roleRoutes, ...datasetRoutes, ...datasetPermissionRoutes, ...auditRoutes, ...eventRoutes];
