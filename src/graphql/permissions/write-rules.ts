import { allow } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { canManageRoleTenant, canShareDatasets } from './rules.ts';
import { canSelectTenant, isTenantMember, isTenantOwner } from './write.rules.ts';

/** Rules for the admin write surface (mutations and their payload types). Merged into the one
 * rule map in shield.ts. */
export const writeRules: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown>; types?: IRules } = {
  Mutation: {
    selectTenant: canSelectTenant,
    transferTenantOwnership: isTenantOwner,
    leaveTenant: isTenantMember,
    deleteRole: canManageRoleTenant,
    setRoleCapabilities: canManageRoleTenant,
    removeUserFromRole: canManageRoleTenant,
    revokeDatasetPermission: canShareDatasets,
  },
  types: {
    LeaveTenantPayload: allow,
    DeleteRolePayload: allow,
  },
};
