import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { runOrRehearse } from '../../db/transaction.ts';
import { removeUserFromTenant } from '../../domain/tenancy/remove-user-from-tenant.ts';
import type { MembershipRemovalReceipt } from '../../domain/tenancy/revoke-membership.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { DatasetPermissionEnum } from '../../graphql/enums.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { TenantUserArgs } from '../../graphql/tenancy/members.args.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { queryBoolean, uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, objectTypeOf, presentLegacy, selectionOf } from '../shape.ts';
import { removalReceipt } from './removal-receipt.shape.ts';

@ArgsType()
export class RemoveUserFromTenantArgs extends TenantUserArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Preview: run every check and compute the answer, then change nothing.' })
  dryRun?: boolean | null;
}

@ObjectType('RemoveUserFromTenantPayload', { description: 'What a removal took (or, on a dry run, would take).' })
export class RemoveUserFromTenantPayload extends objectTypeOf(removalReceipt, { abstract: true }) {
  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The removed user, as they are now.' })
  user!: UserType;
}

const KINDS = Object.values(DatasetPermissionEnum);

const REMOVED = 'User removed from tenant';
/** A preview says what would happen, not what did (docs/CONTRACT.md, section 3). */
const WOULD_BE_REMOVED = 'User would be removed from tenant';

/** A removal's receipt; a dry run's is the same but for its message, `dryRun` and the event it did not keep. */
export function presentRemoval(removed: MembershipRemovalReceipt, dryRun: boolean): RemoveUserFromTenantPayload {
  return {
    message: dryRun ? WOULD_BE_REMOVED : REMOVED,
    ...removed,
    auditEventId: dryRun ? null : removed.auditEventId,
    dryRun,
    revokedDatasetPermissions: removed.revokedDatasetPermissions as RemoveUserFromTenantPayload['revokedDatasetPermissions'],
    revokedDatasetPermissionsByKind: KINDS.map((permission) => ({
      permission,
      count: removed.revokedDatasetPermissions.filter((revoked) => revoked.permission === permission).length,
    })).filter((kind) => kind.count > 0),
    ownedDatasetCount: removed.ownedDatasets.length,
  };
}

@Resolver()
class RemoveUserFromTenantResolver {
  @Mutation(() => RemoveUserFromTenantPayload, {
    description:
      'Takes a user out of a tenant: all their roles and direct dataset permissions there, at once. Owner or MANAGE_USERS. ' +
      'With dryRun, the same checks and answer, computed by running the removal and rolling it back.',
  })
  async removeUserFromTenant(@Args(() => RemoveUserFromTenantArgs) args: RemoveUserFromTenantArgs, @Ctx() ctx: Context): Promise<RemoveUserFromTenantPayload> {
    const dryRun = args.dryRun === true;
    const input = { tenantId: args.tenantId, userId: args.userId };
    const removed = await runOrRehearse(ctx.db, dryRun, (tx) => removeUserFromTenant(tx, actorOf(ctx), input, requestMeta(ctx)));
    return presentRemoval(removed, dryRun);
  }
}

/** The operation the gateway exists for (docs/CONTRACT.md §3): through GraphQL, and through the
 * legacy DELETE, which asks the same mutation for the receipt and presents it in snake_case. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'removeUserFromTenant',
  resolver: RemoveUserFromTenantResolver,
  guard: { action: 'tenant.members:remove', tenant: tenantArg('tenantId'), underLock: true },
  audit: { action: 'tenant.user_removed', label: 'member removed' },
  opens: ['RemoveUserFromTenantPayload', 'RoleRef', 'DatasetRef', 'RevokedDatasetPermission', 'PermissionCount'],
  routes: [
    legacyRoute({
      method: 'DELETE',
      url: '/api/v1/permissions/tenants/:tenant_id/users/:user_id',
      operation: `mutation LegacyRemoveUserFromTenant($tenantId: UUID!, $userId: UUID!, $dryRun: Boolean) {
        removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: $dryRun) { ${selectionOf(removalReceipt)} }
      }`,
      path: z.object({ tenant_id: uuid, user_id: uuid }),
      query: z.object({
        dry_run: queryBoolean.optional().meta({ description: 'true: a preview. The same checks and the same receipt, marked `dry_run` and without an audit event; nothing changes.' }),
      }),
      variables: ({ path, query }) => ({ tenantId: path.tenant_id, userId: path.user_id, dryRun: query.dry_run ?? false }),
      response: legacySchemaOf(removalReceipt),
      present: (data: { removeUserFromTenant: Record<string, unknown> }) => presentLegacy(removalReceipt, data.removeUserFromTenant),
      doc: {
        // The legacy handler's name: its operationId is what existing clients were generated from.
        name: 'remove_user_from_tenant_endpoint',
        description: [
          'Remove a user from a tenant.',
          'The tenant owner or a member allowed to manage users (e.g. in the Admin role) can remove users from the tenant; ' +
            'the owner cannot be removed from their own tenant. The user loses every role in the tenant and every permission on ' +
            "the tenant's datasets, in one transaction, with an audit event. Datasets the user owns stay in the tenant.",
        ].join('\n\n'),
        errors: {
          400: 'Attempt to remove the tenant owner from their own tenant',
          403: 'The caller may not manage users in this tenant',
          404: 'Tenant not found, user not found, or user not in tenant',
        },
      },
    }),
  ],
  examples: [
    { args: { tenantId: '@tenant', userId: '@target' }, select: 'message', rest: { path: { tenant_id: '@tenant', user_id: '@target' } }, writes: true, allowed: MANAGERS },
    {
      name: 'dry run',
      args: { tenantId: '@tenant', userId: '@target', dryRun: true },
      select: 'dryRun',
      rest: { path: { tenant_id: '@tenant', user_id: '@target' }, query: { dry_run: 'true' } },
      writes: false,
      allowed: MANAGERS,
    },
  ],
});
