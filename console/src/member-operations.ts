import { graphql } from './gql';

/** Adds an existing account to a tenant (owner or MANAGE_USERS). */
export const AddUserToTenantMutation = graphql(`
  mutation ConsoleAddUserToTenant($tenantId: UUID!, $userId: UUID!) {
    addUserToTenant(tenantId: $tenantId, userId: $userId) {
      message
    }
  }
`);

/** Gives a member one of their tenant's roles. */
export const AddToRoleMutation = graphql(`
  mutation ConsoleAddUserToRole($roleId: UUID!, $userId: UUID!) {
    addUserToRole(roleId: $roleId, userId: $userId) {
      message
    }
  }
`);
