import type { LegacyRoute } from '../legacy-route.ts';
import { authRoutes } from './auth.routes.ts';
import { datasetPermissionRoutes } from './dataset-permissions.routes.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { roleRoutes } from './roles.routes.ts';
import { tenantViewRoutes } from './tenant-views.routes.ts';
import { tenantRoutes } from './tenants.routes.ts';
import { userRoutes } from './users.routes.ts';
import { removeUserFromTenantRoute } from './tenant-membership.routes.ts';
import { auditEventsRoute } from './audit-events.routes.ts';

/** Every legacy route the service answers. */
export const legacyRoutes: LegacyRoute[] = [...authRoutes, removeUserFromTenantRoute, ...tenantRoutes, ...tenantViewRoutes, ...roleRoutes, ...datasetPermissionRoutes, ...datasetRoutes, ...userRoutes, auditEventsRoute];
