import { LEGACY_ROUTES } from '../../operations/registry.ts';
import type { LegacyRoute } from '../legacy-route.ts';
import { datasetPermissionRoutes } from './dataset-permissions.routes.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { roleRoutes } from './roles.routes.ts';

/** Every legacy route the service answers, by resource. */
export const legacyRoutes: LegacyRoute[] = [...LEGACY_ROUTES, ...roleRoutes, ...datasetRoutes, ...datasetPermissionRoutes];
