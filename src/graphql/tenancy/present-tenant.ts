import type { TenantAccess } from '../../domain/tenancy/policy.ts';
import type { TenantType } from './tenant.type.ts';

/** A tenant row as the Tenant type (access rows carry the tenant's columns). */
export function presentTenant(access: Pick<TenantAccess, 'tenantId' | 'name' | 'ownerId' | 'createdAt'>): TenantType {
  return { id: access.tenantId, name: access.name, ownerId: access.ownerId, createdAt: access.createdAt };
}

/** One of the caller's own tenants, with the caller's access to it (read in the same row). */
export function presentViewerTenant(access: TenantAccess): TenantType {
  return { ...presentTenant(access), viewerAccess: access };
}
