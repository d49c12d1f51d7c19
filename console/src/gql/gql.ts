/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ConsoleBulkRemoval($tenantId: UUID!, $userIds: [UUID!]!, $dryRun: Boolean!) {\n    removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, dryRun: $dryRun) {\n      dryRun\n      removedCount\n      refusedCount\n      outcomes {\n        userId\n        removed\n        receipt {\n          ...RemovalReceipt\n        }\n        error {\n          code\n          message\n          reason\n        }\n      }\n    }\n  }\n": typeof types.ConsoleBulkRemovalDocument,
    "\n  mutation ConsoleCreateTenant($name: String!) {\n    createTenant(name: $name) {\n      id\n    }\n  }\n": typeof types.ConsoleCreateTenantDocument,
    "\n  mutation ConsoleRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      id\n    }\n  }\n": typeof types.ConsoleRegisterDocument,
    "\n  mutation ConsoleRemovalPreview($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) {\n      dryRun\n      ...RemovalReceipt\n    }\n  }\n": typeof types.ConsoleRemovalPreviewDocument,
    "\n  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {\n      message\n      auditEventId\n      ...RemovalReceipt\n    }\n  }\n": typeof types.ConsoleRemoveMemberDocument,
    "\n  mutation ConsoleReinstateMember($auditEventId: UUID!) {\n    reinstateTenantMember(auditEventId: $auditEventId) {\n      message\n      auditEventId\n      reinstatedRoles {\n        id\n        name\n      }\n      reinstatedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n      skippedRoles {\n        id\n        name\n      }\n      skippedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n    }\n  }\n": typeof types.ConsoleReinstateMemberDocument,
    "fragment RemovalReceipt on RemoveUserFromTenantPayload { message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission } revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name } }": typeof types.RemovalReceiptFragmentDoc,
    "fragment WebhookEndpointFields on WebhookEndpoint { id tenantId url description eventTypes enabled disabledReason createdAt createdBy previousSecretExpiresAt pendingEvents failedAttempts lastError nextAttemptAt deadLetters }": typeof types.WebhookEndpointFieldsFragmentDoc,
    "\n  query ConsoleUserIdByEmail($email: String!) {\n    userIdByEmail(email: $email)\n  }\n": typeof types.ConsoleUserIdByEmailDocument,
    "\n  mutation ConsoleAddUserToTenant($tenantId: UUID!, $userId: UUID!) {\n    addUserToTenant(tenantId: $tenantId, userId: $userId) {\n      message\n    }\n  }\n": typeof types.ConsoleAddUserToTenantDocument,
    "\n  mutation ConsoleAddUserToRole($roleId: UUID!, $userId: UUID!) {\n    addUserToRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n": typeof types.ConsoleAddUserToRoleDocument,
    "\n  query ConsoleApiKeys {\n    myApiKeys {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.ConsoleApiKeysDocument,
    "\n  mutation ConsoleCreateApiKey($name: String) {\n    createApiKey(name: $name) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.ConsoleRevokeApiKeyDocument,
    "\n  query ConsoleAuditEvents($tenantId: UUID!, $after: String, $filter: AuditEventFilter) {\n    tenant(id: $tenantId) {\n      id\n      name\n      members(first: 100) {\n        edges {\n          node {\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      auditEvents(first: 50, after: $after, filter: $filter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            occurredAt\n            actor {\n              id\n              email\n            }\n            targetUser {\n              id\n              email\n            }\n            details\n            viewerCanReinstate\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditActions {\n    auditActions {\n      action\n      label\n    }\n  }\n": typeof types.ConsoleAuditActionsDocument,
    "\n  query ConsoleDatasets {\n    datasets {\n      id\n      name\n      ownerId\n      tenantId\n      viewerCanShare\n      grants {\n        id\n        permission\n        principal {\n          id\n          name\n          type\n        }\n      }\n    }\n  }\n": typeof types.ConsoleDatasetsDocument,
    "\n  query ConsoleTenantRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      roles {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ConsoleTenantRolesDocument,
    "\n  mutation ConsoleCreateDataset($name: String!) {\n    createDataset(name: $name) {\n      id\n    }\n  }\n": typeof types.ConsoleCreateDatasetDocument,
    "\n  mutation ConsoleGrantDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    grantDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n": typeof types.ConsoleGrantDatasetPermissionDocument,
    "\n  mutation ConsoleRevokeDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    revokeDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n": typeof types.ConsoleRevokeDatasetPermissionDocument,
    "\n  query ConsoleEndpointsAccess($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n    }\n    auditActions {\n      action\n      label\n      tenantEvent\n    }\n  }\n": typeof types.ConsoleEndpointsAccessDocument,
    "\n  query ConsoleWebhookEndpoints($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      webhookEndpoints {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": typeof types.ConsoleWebhookEndpointsDocument,
    "\n  query ConsoleWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $after: String) {\n    tenant(id: $tenantId) {\n      id\n      webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {\n        attempts {\n          eventId\n          eventType\n          sequence\n          attempt\n          statusCode\n          error\n          latencyMs\n          at\n        }\n        hasNextPage\n        endCursor\n        deadLetters {\n          eventId\n          eventType\n          sequence\n          attempts\n          lastError\n          deadAt\n          replayAt\n        }\n      }\n    }\n  }\n": typeof types.ConsoleWebhookDeliveriesDocument,
    "\n  mutation ConsoleCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {\n    createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": typeof types.ConsoleCreateWebhookEndpointDocument,
    "\n  mutation ConsoleUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $eventTypes: [String!], $enabled: Boolean) {\n    updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, eventTypes: $eventTypes, enabled: $enabled) {\n      ...WebhookEndpointFields\n    }\n  }\n": typeof types.ConsoleUpdateWebhookEndpointDocument,
    "\n  mutation ConsoleDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) {\n    deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) {\n      message\n    }\n  }\n": typeof types.ConsoleDeleteWebhookEndpointDocument,
    "\n  mutation ConsoleResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {\n    resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) {\n      queued\n    }\n  }\n": typeof types.ConsoleResendWebhookEventsDocument,
    "\n  mutation ConsoleRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {\n    rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) {\n      secret\n      previousSecretExpiresAt\n    }\n  }\n": typeof types.ConsoleRotateWebhookSecretDocument,
    "\n  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      members(first: 10, emailPrefix: $email) {\n        edges {\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      memberRoles(userId: $userId) {\n        id\n        name\n        capabilities\n      }\n    }\n  }\n": typeof types.ConsoleMemberDocument,
    "\n  query ConsoleMemberHoldings($tenantId: UUID!, $userId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      memberHoldings(userId: $userId) {\n        datasetPermissions {\n          datasetId\n          datasetName\n          permission\n        }\n        ownedDatasets {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.ConsoleMemberHoldingsDocument,
    "\n  query ConsoleMembers($tenantId: UUID!, $first: Int!, $after: String, $emailPrefix: String) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n      }\n      members(first: $first, after: $after, emailPrefix: $emailPrefix) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n            roles {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleMembersDocument,
    "\n  query ConsoleRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n        description\n        capabilities\n        memberCount\n        members {\n          id\n          email\n        }\n      }\n    }\n  }\n": typeof types.ConsoleRolesDocument,
    "\n  mutation ConsoleCreateRole($tenantId: UUID!, $name: String!, $description: String, $capabilities: [Capability!]) {\n    createRole(tenantId: $tenantId, name: $name, description: $description, capabilities: $capabilities) {\n      id\n    }\n  }\n": typeof types.ConsoleCreateRoleDocument,
    "\n  mutation ConsoleDeleteRole($roleId: UUID!) {\n    deleteRole(roleId: $roleId) {\n      message\n      revokedAssignmentCount\n    }\n  }\n": typeof types.ConsoleDeleteRoleDocument,
    "\n  mutation ConsoleSetRoleCapabilities($roleId: UUID!, $capabilities: [Capability!]!) {\n    setRoleCapabilities(roleId: $roleId, capabilities: $capabilities) {\n      id\n      capabilities\n    }\n  }\n": typeof types.ConsoleSetRoleCapabilitiesDocument,
    "\n  mutation ConsoleRemoveUserFromRole($roleId: UUID!, $userId: UUID!) {\n    removeUserFromRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n": typeof types.ConsoleRemoveUserFromRoleDocument,
    "\n  query ConsoleSetupStatus {\n    setupStatus {\n      needsFirstAdmin\n    }\n  }\n": typeof types.ConsoleSetupStatusDocument,
    "\n  query ConsoleMe {\n    me {\n      id\n      email\n      activeTenantId\n      activeTenant {\n        id\n        name\n        ownerId\n        viewerCanManageUsers\n      }\n    }\n    myTenants {\n      id\n      name\n    }\n  }\n": typeof types.ConsoleMeDocument,
    "\n  mutation ConsoleLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password, setSessionCookie: true) {\n      expiresIn\n    }\n  }\n": typeof types.ConsoleLoginDocument,
    "\n  mutation ConsoleLogout {\n    logout\n  }\n": typeof types.ConsoleLogoutDocument,
    "\n  mutation ConsoleSelectTenant($tenantId: UUID) {\n    selectTenant(tenantId: $tenantId) {\n      id\n      activeTenantId\n    }\n  }\n": typeof types.ConsoleSelectTenantDocument,
};
const documents: Documents = {
    "\n  mutation ConsoleBulkRemoval($tenantId: UUID!, $userIds: [UUID!]!, $dryRun: Boolean!) {\n    removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, dryRun: $dryRun) {\n      dryRun\n      removedCount\n      refusedCount\n      outcomes {\n        userId\n        removed\n        receipt {\n          ...RemovalReceipt\n        }\n        error {\n          code\n          message\n          reason\n        }\n      }\n    }\n  }\n": types.ConsoleBulkRemovalDocument,
    "\n  mutation ConsoleCreateTenant($name: String!) {\n    createTenant(name: $name) {\n      id\n    }\n  }\n": types.ConsoleCreateTenantDocument,
    "\n  mutation ConsoleRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      id\n    }\n  }\n": types.ConsoleRegisterDocument,
    "\n  mutation ConsoleRemovalPreview($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) {\n      dryRun\n      ...RemovalReceipt\n    }\n  }\n": types.ConsoleRemovalPreviewDocument,
    "\n  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {\n      message\n      auditEventId\n      ...RemovalReceipt\n    }\n  }\n": types.ConsoleRemoveMemberDocument,
    "\n  mutation ConsoleReinstateMember($auditEventId: UUID!) {\n    reinstateTenantMember(auditEventId: $auditEventId) {\n      message\n      auditEventId\n      reinstatedRoles {\n        id\n        name\n      }\n      reinstatedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n      skippedRoles {\n        id\n        name\n      }\n      skippedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n    }\n  }\n": types.ConsoleReinstateMemberDocument,
    "fragment RemovalReceipt on RemoveUserFromTenantPayload { message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission } revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name } }": types.RemovalReceiptFragmentDoc,
    "fragment WebhookEndpointFields on WebhookEndpoint { id tenantId url description eventTypes enabled disabledReason createdAt createdBy previousSecretExpiresAt pendingEvents failedAttempts lastError nextAttemptAt deadLetters }": types.WebhookEndpointFieldsFragmentDoc,
    "\n  query ConsoleUserIdByEmail($email: String!) {\n    userIdByEmail(email: $email)\n  }\n": types.ConsoleUserIdByEmailDocument,
    "\n  mutation ConsoleAddUserToTenant($tenantId: UUID!, $userId: UUID!) {\n    addUserToTenant(tenantId: $tenantId, userId: $userId) {\n      message\n    }\n  }\n": types.ConsoleAddUserToTenantDocument,
    "\n  mutation ConsoleAddUserToRole($roleId: UUID!, $userId: UUID!) {\n    addUserToRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n": types.ConsoleAddUserToRoleDocument,
    "\n  query ConsoleApiKeys {\n    myApiKeys {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.ConsoleApiKeysDocument,
    "\n  mutation ConsoleCreateApiKey($name: String) {\n    createApiKey(name: $name) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": types.ConsoleCreateApiKeyDocument,
    "\n  mutation ConsoleRevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.ConsoleRevokeApiKeyDocument,
    "\n  query ConsoleAuditEvents($tenantId: UUID!, $after: String, $filter: AuditEventFilter) {\n    tenant(id: $tenantId) {\n      id\n      name\n      members(first: 100) {\n        edges {\n          node {\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      auditEvents(first: 50, after: $after, filter: $filter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            occurredAt\n            actor {\n              id\n              email\n            }\n            targetUser {\n              id\n              email\n            }\n            details\n            viewerCanReinstate\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditActions {\n    auditActions {\n      action\n      label\n    }\n  }\n": types.ConsoleAuditActionsDocument,
    "\n  query ConsoleDatasets {\n    datasets {\n      id\n      name\n      ownerId\n      tenantId\n      viewerCanShare\n      grants {\n        id\n        permission\n        principal {\n          id\n          name\n          type\n        }\n      }\n    }\n  }\n": types.ConsoleDatasetsDocument,
    "\n  query ConsoleTenantRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      roles {\n        id\n        name\n      }\n    }\n  }\n": types.ConsoleTenantRolesDocument,
    "\n  mutation ConsoleCreateDataset($name: String!) {\n    createDataset(name: $name) {\n      id\n    }\n  }\n": types.ConsoleCreateDatasetDocument,
    "\n  mutation ConsoleGrantDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    grantDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n": types.ConsoleGrantDatasetPermissionDocument,
    "\n  mutation ConsoleRevokeDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    revokeDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n": types.ConsoleRevokeDatasetPermissionDocument,
    "\n  query ConsoleEndpointsAccess($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n    }\n    auditActions {\n      action\n      label\n      tenantEvent\n    }\n  }\n": types.ConsoleEndpointsAccessDocument,
    "\n  query ConsoleWebhookEndpoints($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      webhookEndpoints {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": types.ConsoleWebhookEndpointsDocument,
    "\n  query ConsoleWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $after: String) {\n    tenant(id: $tenantId) {\n      id\n      webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {\n        attempts {\n          eventId\n          eventType\n          sequence\n          attempt\n          statusCode\n          error\n          latencyMs\n          at\n        }\n        hasNextPage\n        endCursor\n        deadLetters {\n          eventId\n          eventType\n          sequence\n          attempts\n          lastError\n          deadAt\n          replayAt\n        }\n      }\n    }\n  }\n": types.ConsoleWebhookDeliveriesDocument,
    "\n  mutation ConsoleCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {\n    createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": types.ConsoleCreateWebhookEndpointDocument,
    "\n  mutation ConsoleUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $eventTypes: [String!], $enabled: Boolean) {\n    updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, eventTypes: $eventTypes, enabled: $enabled) {\n      ...WebhookEndpointFields\n    }\n  }\n": types.ConsoleUpdateWebhookEndpointDocument,
    "\n  mutation ConsoleDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) {\n    deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) {\n      message\n    }\n  }\n": types.ConsoleDeleteWebhookEndpointDocument,
    "\n  mutation ConsoleResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {\n    resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) {\n      queued\n    }\n  }\n": types.ConsoleResendWebhookEventsDocument,
    "\n  mutation ConsoleRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {\n    rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) {\n      secret\n      previousSecretExpiresAt\n    }\n  }\n": types.ConsoleRotateWebhookSecretDocument,
    "\n  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      members(first: 10, emailPrefix: $email) {\n        edges {\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      memberRoles(userId: $userId) {\n        id\n        name\n        capabilities\n      }\n    }\n  }\n": types.ConsoleMemberDocument,
    "\n  query ConsoleMemberHoldings($tenantId: UUID!, $userId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      memberHoldings(userId: $userId) {\n        datasetPermissions {\n          datasetId\n          datasetName\n          permission\n        }\n        ownedDatasets {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.ConsoleMemberHoldingsDocument,
    "\n  query ConsoleMembers($tenantId: UUID!, $first: Int!, $after: String, $emailPrefix: String) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n      }\n      members(first: $first, after: $after, emailPrefix: $emailPrefix) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n            roles {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleMembersDocument,
    "\n  query ConsoleRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n        description\n        capabilities\n        memberCount\n        members {\n          id\n          email\n        }\n      }\n    }\n  }\n": types.ConsoleRolesDocument,
    "\n  mutation ConsoleCreateRole($tenantId: UUID!, $name: String!, $description: String, $capabilities: [Capability!]) {\n    createRole(tenantId: $tenantId, name: $name, description: $description, capabilities: $capabilities) {\n      id\n    }\n  }\n": types.ConsoleCreateRoleDocument,
    "\n  mutation ConsoleDeleteRole($roleId: UUID!) {\n    deleteRole(roleId: $roleId) {\n      message\n      revokedAssignmentCount\n    }\n  }\n": types.ConsoleDeleteRoleDocument,
    "\n  mutation ConsoleSetRoleCapabilities($roleId: UUID!, $capabilities: [Capability!]!) {\n    setRoleCapabilities(roleId: $roleId, capabilities: $capabilities) {\n      id\n      capabilities\n    }\n  }\n": types.ConsoleSetRoleCapabilitiesDocument,
    "\n  mutation ConsoleRemoveUserFromRole($roleId: UUID!, $userId: UUID!) {\n    removeUserFromRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n": types.ConsoleRemoveUserFromRoleDocument,
    "\n  query ConsoleSetupStatus {\n    setupStatus {\n      needsFirstAdmin\n    }\n  }\n": types.ConsoleSetupStatusDocument,
    "\n  query ConsoleMe {\n    me {\n      id\n      email\n      activeTenantId\n      activeTenant {\n        id\n        name\n        ownerId\n        viewerCanManageUsers\n      }\n    }\n    myTenants {\n      id\n      name\n    }\n  }\n": types.ConsoleMeDocument,
    "\n  mutation ConsoleLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password, setSessionCookie: true) {\n      expiresIn\n    }\n  }\n": types.ConsoleLoginDocument,
    "\n  mutation ConsoleLogout {\n    logout\n  }\n": types.ConsoleLogoutDocument,
    "\n  mutation ConsoleSelectTenant($tenantId: UUID) {\n    selectTenant(tenantId: $tenantId) {\n      id\n      activeTenantId\n    }\n  }\n": types.ConsoleSelectTenantDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleBulkRemoval($tenantId: UUID!, $userIds: [UUID!]!, $dryRun: Boolean!) {\n    removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, dryRun: $dryRun) {\n      dryRun\n      removedCount\n      refusedCount\n      outcomes {\n        userId\n        removed\n        receipt {\n          ...RemovalReceipt\n        }\n        error {\n          code\n          message\n          reason\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleBulkRemoval($tenantId: UUID!, $userIds: [UUID!]!, $dryRun: Boolean!) {\n    removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, dryRun: $dryRun) {\n      dryRun\n      removedCount\n      refusedCount\n      outcomes {\n        userId\n        removed\n        receipt {\n          ...RemovalReceipt\n        }\n        error {\n          code\n          message\n          reason\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateTenant($name: String!) {\n    createTenant(name: $name) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateTenant($name: String!) {\n    createTenant(name: $name) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRemovalPreview($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) {\n      dryRun\n      ...RemovalReceipt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRemovalPreview($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) {\n      dryRun\n      ...RemovalReceipt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {\n      message\n      auditEventId\n      ...RemovalReceipt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {\n    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {\n      message\n      auditEventId\n      ...RemovalReceipt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReinstateMember($auditEventId: UUID!) {\n    reinstateTenantMember(auditEventId: $auditEventId) {\n      message\n      auditEventId\n      reinstatedRoles {\n        id\n        name\n      }\n      reinstatedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n      skippedRoles {\n        id\n        name\n      }\n      skippedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReinstateMember($auditEventId: UUID!) {\n    reinstateTenantMember(auditEventId: $auditEventId) {\n      message\n      auditEventId\n      reinstatedRoles {\n        id\n        name\n      }\n      reinstatedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n      skippedRoles {\n        id\n        name\n      }\n      skippedDatasetPermissions {\n        datasetId\n        datasetName\n        permission\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RemovalReceipt on RemoveUserFromTenantPayload { message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission } revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name } }"): (typeof documents)["fragment RemovalReceipt on RemoveUserFromTenantPayload { message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission } revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment WebhookEndpointFields on WebhookEndpoint { id tenantId url description eventTypes enabled disabledReason createdAt createdBy previousSecretExpiresAt pendingEvents failedAttempts lastError nextAttemptAt deadLetters }"): (typeof documents)["fragment WebhookEndpointFields on WebhookEndpoint { id tenantId url description eventTypes enabled disabledReason createdAt createdBy previousSecretExpiresAt pendingEvents failedAttempts lastError nextAttemptAt deadLetters }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleUserIdByEmail($email: String!) {\n    userIdByEmail(email: $email)\n  }\n"): (typeof documents)["\n  query ConsoleUserIdByEmail($email: String!) {\n    userIdByEmail(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAddUserToTenant($tenantId: UUID!, $userId: UUID!) {\n    addUserToTenant(tenantId: $tenantId, userId: $userId) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleAddUserToTenant($tenantId: UUID!, $userId: UUID!) {\n    addUserToTenant(tenantId: $tenantId, userId: $userId) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAddUserToRole($roleId: UUID!, $userId: UUID!) {\n    addUserToRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleAddUserToRole($roleId: UUID!, $userId: UUID!) {\n    addUserToRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleApiKeys {\n    myApiKeys {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleApiKeys {\n    myApiKeys {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateApiKey($name: String) {\n    createApiKey(name: $name) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateApiKey($name: String) {\n    createApiKey(name: $name) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditEvents($tenantId: UUID!, $after: String, $filter: AuditEventFilter) {\n    tenant(id: $tenantId) {\n      id\n      name\n      members(first: 100) {\n        edges {\n          node {\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      auditEvents(first: 50, after: $after, filter: $filter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            occurredAt\n            actor {\n              id\n              email\n            }\n            targetUser {\n              id\n              email\n            }\n            details\n            viewerCanReinstate\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAuditEvents($tenantId: UUID!, $after: String, $filter: AuditEventFilter) {\n    tenant(id: $tenantId) {\n      id\n      name\n      members(first: 100) {\n        edges {\n          node {\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      auditEvents(first: 50, after: $after, filter: $filter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            occurredAt\n            actor {\n              id\n              email\n            }\n            targetUser {\n              id\n              email\n            }\n            details\n            viewerCanReinstate\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditActions {\n    auditActions {\n      action\n      label\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAuditActions {\n    auditActions {\n      action\n      label\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDatasets {\n    datasets {\n      id\n      name\n      ownerId\n      tenantId\n      viewerCanShare\n      grants {\n        id\n        permission\n        principal {\n          id\n          name\n          type\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDatasets {\n    datasets {\n      id\n      name\n      ownerId\n      tenantId\n      viewerCanShare\n      grants {\n        id\n        permission\n        principal {\n          id\n          name\n          type\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTenantRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      roles {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleTenantRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      roles {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateDataset($name: String!) {\n    createDataset(name: $name) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateDataset($name: String!) {\n    createDataset(name: $name) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleGrantDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    grantDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleGrantDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    grantDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRevokeDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    revokeDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRevokeDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {\n    revokeDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEndpointsAccess($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n    }\n    auditActions {\n      action\n      label\n      tenantEvent\n    }\n  }\n"): (typeof documents)["\n  query ConsoleEndpointsAccess($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n    }\n    auditActions {\n      action\n      label\n      tenantEvent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookEndpoints($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      webhookEndpoints {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleWebhookEndpoints($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      webhookEndpoints {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $after: String) {\n    tenant(id: $tenantId) {\n      id\n      webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {\n        attempts {\n          eventId\n          eventType\n          sequence\n          attempt\n          statusCode\n          error\n          latencyMs\n          at\n        }\n        hasNextPage\n        endCursor\n        deadLetters {\n          eventId\n          eventType\n          sequence\n          attempts\n          lastError\n          deadAt\n          replayAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $after: String) {\n    tenant(id: $tenantId) {\n      id\n      webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {\n        attempts {\n          eventId\n          eventType\n          sequence\n          attempt\n          statusCode\n          error\n          latencyMs\n          at\n        }\n        hasNextPage\n        endCursor\n        deadLetters {\n          eventId\n          eventType\n          sequence\n          attempts\n          lastError\n          deadAt\n          replayAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {\n    createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {\n    createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) {\n      secret\n      endpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $eventTypes: [String!], $enabled: Boolean) {\n    updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, eventTypes: $eventTypes, enabled: $enabled) {\n      ...WebhookEndpointFields\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $eventTypes: [String!], $enabled: Boolean) {\n    updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, eventTypes: $eventTypes, enabled: $enabled) {\n      ...WebhookEndpointFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) {\n    deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) {\n    deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {\n    resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) {\n      queued\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {\n    resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) {\n      queued\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {\n    rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) {\n      secret\n      previousSecretExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {\n    rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) {\n      secret\n      previousSecretExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      members(first: 10, emailPrefix: $email) {\n        edges {\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      memberRoles(userId: $userId) {\n        id\n        name\n        capabilities\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      members(first: 10, emailPrefix: $email) {\n        edges {\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n          }\n        }\n      }\n      memberRoles(userId: $userId) {\n        id\n        name\n        capabilities\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMemberHoldings($tenantId: UUID!, $userId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      memberHoldings(userId: $userId) {\n        datasetPermissions {\n          datasetId\n          datasetName\n          permission\n        }\n        ownedDatasets {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMemberHoldings($tenantId: UUID!, $userId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      memberHoldings(userId: $userId) {\n        datasetPermissions {\n          datasetId\n          datasetName\n          permission\n        }\n        ownedDatasets {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMembers($tenantId: UUID!, $first: Int!, $after: String, $emailPrefix: String) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n      }\n      members(first: $first, after: $after, emailPrefix: $emailPrefix) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n            roles {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMembers($tenantId: UUID!, $first: Int!, $after: String, $emailPrefix: String) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n      }\n      members(first: $first, after: $after, emailPrefix: $emailPrefix) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            isOwner\n            joinedAt\n            viewerCanRemove\n            user {\n              id\n              email\n            }\n            roles {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n        description\n        capabilities\n        memberCount\n        members {\n          id\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleRoles($tenantId: UUID!) {\n    tenant(id: $tenantId) {\n      id\n      name\n      viewerCanManageUsers\n      roles {\n        id\n        name\n        description\n        capabilities\n        memberCount\n        members {\n          id\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateRole($tenantId: UUID!, $name: String!, $description: String, $capabilities: [Capability!]) {\n    createRole(tenantId: $tenantId, name: $name, description: $description, capabilities: $capabilities) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateRole($tenantId: UUID!, $name: String!, $description: String, $capabilities: [Capability!]) {\n    createRole(tenantId: $tenantId, name: $name, description: $description, capabilities: $capabilities) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteRole($roleId: UUID!) {\n    deleteRole(roleId: $roleId) {\n      message\n      revokedAssignmentCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeleteRole($roleId: UUID!) {\n    deleteRole(roleId: $roleId) {\n      message\n      revokedAssignmentCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetRoleCapabilities($roleId: UUID!, $capabilities: [Capability!]!) {\n    setRoleCapabilities(roleId: $roleId, capabilities: $capabilities) {\n      id\n      capabilities\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSetRoleCapabilities($roleId: UUID!, $capabilities: [Capability!]!) {\n    setRoleCapabilities(roleId: $roleId, capabilities: $capabilities) {\n      id\n      capabilities\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRemoveUserFromRole($roleId: UUID!, $userId: UUID!) {\n    removeUserFromRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRemoveUserFromRole($roleId: UUID!, $userId: UUID!) {\n    removeUserFromRole(roleId: $roleId, userId: $userId) {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSetupStatus {\n    setupStatus {\n      needsFirstAdmin\n    }\n  }\n"): (typeof documents)["\n  query ConsoleSetupStatus {\n    setupStatus {\n      needsFirstAdmin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMe {\n    me {\n      id\n      email\n      activeTenantId\n      activeTenant {\n        id\n        name\n        ownerId\n        viewerCanManageUsers\n      }\n    }\n    myTenants {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ConsoleMe {\n    me {\n      id\n      email\n      activeTenantId\n      activeTenant {\n        id\n        name\n        ownerId\n        viewerCanManageUsers\n      }\n    }\n    myTenants {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password, setSessionCookie: true) {\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password, setSessionCookie: true) {\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleLogout {\n    logout\n  }\n"): (typeof documents)["\n  mutation ConsoleLogout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSelectTenant($tenantId: UUID) {\n    selectTenant(tenantId: $tenantId) {\n      id\n      activeTenantId\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSelectTenant($tenantId: UUID) {\n    selectTenant(tenantId: $tenantId) {\n      id\n      activeTenantId\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;