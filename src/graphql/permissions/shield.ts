import { GraphQLError } from 'graphql';
import { allow, deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { DomainError, ForbiddenError } from '../../domain/errors.ts';
import { PUBLIC_ROOT_FIELDS } from './public-operations.ts';
import { readRules } from './read-rules.ts';
import { writeRules } from './write-rules.ts';
import { canManageRoleTenant, canManageTenantUsers, canReadDataset, canShareDatasets, isAuthenticated } from './rules.ts';

/** The rule map for the whole schema: the one source of truth for who may call what.
 * Unlisted fields are denied (fallbackRule: deny); payload types are opened explicitly, or a
 * mutation would run and then have its answer denied. */
const rules: IRules = {
  Query: {
    ...readRules.Query,
    ...writeRules.Query,
    me: isAuthenticated,
    myApiKeys: isAuthenticated,
    dataset: canReadDataset,
    datasets: isAuthenticated,
    principalDatasets: isAuthenticated,
    userIdByEmail: isAuthenticated,
  },
  Mutation: {
    ...readRules.Mutation,
    ...writeRules.Mutation,
    ...publicFields('Mutation'),
    createApiKey: isAuthenticated,
    revokeApiKey: isAuthenticated,
    createTenant: isAuthenticated,
    addUserToTenant: canManageTenantUsers,
    removeUserFromTenant: canManageTenantUsers,
    removeUsersFromTenant: canManageTenantUsers,
    createRole: canManageTenantUsers,
    addUserToRole: canManageRoleTenant,
    createDataset: isAuthenticated,
    grantDatasetPermission: canShareDatasets,
  },
  User: allow,
  ApiKey: allow,
  CreatedApiKey: allow,
  LoginPayload: allow,
  Tenant: allow,
  Role: allow,
  Dataset: allow,
  RemoveUserFromTenantPayload: allow,
  RoleRef: allow,
  DatasetRef: allow,
  RevokedDatasetPermission: allow,
  PermissionCount: allow,
  BulkRemovalPayload: allow,
  BulkRemovalOutcome: allow,
  RemovalRefusal: allow,
  AddUserToTenantPayload: allow,
  RoleAssignmentPayload: allow,
  DatasetPermissionPayload: allow,
  // Area rule maps may refine a type above field by field (they come last, so they win).
  ...readRules.types,
  ...writeRules.types,
};

function publicFields(root: 'Query' | 'Mutation') {
  return Object.fromEntries(PUBLIC_ROOT_FIELDS[root].map((field) => [field, allow]));
}

export const permissions = shield(rules, {
  fallbackRule: deny,
  allowExternalErrors: false,
  // Called with null for a denial, or with what a rule or resolver threw. Typed errors pass
  // through; anything else is passed on for formatError to log and mask.
  fallbackError: (thrown: unknown) => {
    if (thrown === null || thrown === undefined) return new ForbiddenError('You are not allowed to do this');
    if (thrown instanceof DomainError || thrown instanceof GraphQLError || thrown instanceof Error) return thrown;
    return new Error(String(thrown));
  },
});
