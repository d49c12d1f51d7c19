import { DatasetGrantsResolver } from './datasets/dataset-grants.resolver.ts';
import { RoleAdminResolver } from './roles/role-admin.resolver.ts';
import { TenancyAdminResolver } from './tenancy/tenancy-admin.resolver.ts';

/** Resolver classes of the admin write surface (mutations). */
export const writeResolvers: Function[] = [TenancyAdminResolver, RoleAdminResolver, DatasetGrantsResolver];
