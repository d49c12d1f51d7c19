import { allow } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { canShareParentDataset, canViewTenant, isMemberOfRoleTenant, isMemberOfTenant, isViewerSelf } from './read.rules.ts';
import { isAuthenticated } from './rules.ts';

/** Rules for the dashboard read surface (queries and the fields of listed types). Merged into
 * the one rule map in shield.ts; `types` come last there, so a field map here replaces the
 * type-wide `allow` of the base map. In a field map, '*' is graphql-shield's default for the
 * fields not named (shield.ts's fallbackRule, deny, applies only where '*' is absent). */
export const readRules: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown>; types?: IRules } = {
  Query: {
    tenant: canViewTenant,
    myTenants: isAuthenticated,
  },
  types: {
    // The plain columns stay open as before; what names a user's tenants is the user's alone.
    User: { '*': allow, memberships: isViewerSelf, activeTenant: isViewerSelf, activeTenantId: isViewerSelf },
    // Name, owner, dates stay open wherever a Tenant is returned; its insides need membership.
    // viewerCanManageUsers is about the caller, so it answers (false) for anyone.
    Tenant: { '*': allow, members: isMemberOfTenant, memberRoles: isMemberOfTenant, role: isMemberOfTenant, roles: isMemberOfTenant, datasets: isMemberOfTenant },
    Role: { '*': allow, memberCount: isMemberOfRoleTenant, members: isMemberOfRoleTenant },
    Dataset: { '*': allow, grants: canShareParentDataset },
    // Reached only through the guarded fields above.
    Membership: allow,
    MemberUser: allow,
    MemberConnection: allow,
    MemberEdge: allow,
    PageInfo: allow,
    DatasetGrant: allow,
    DatasetPrincipal: allow,
  },
};
