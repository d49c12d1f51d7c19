import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { reinstateTenantMember } from '../../domain/tenancy/reinstate-tenant-member.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { removalEventTenant } from '../../graphql/permissions/audit.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, presentLegacy, selectionOf } from '../shape.ts';
import { revokedDatasetPermission, RevokedDatasetPermissionType, roleRef, RoleRefType } from './removal-receipt.shape.ts';


@ArgsType()
export class ReinstateTenantMemberArgs {
  @Field(() => UUID, { description: 'The removal event (tenant.user_removed) to undo.' })
  auditEventId!: string;

  @Field(() => UUID, { nullable: true, description: 'When given, the event must belong to this tenant.' })
  tenantId?: string | null;
}

@ObjectType('ReinstateTenantMemberPayload', { description: 'What a reinstatement restored, and what no longer existed.' })
export class ReinstateTenantMemberPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The reinstated user, as they are now.' })
  user!: UserType;

  @Field(() => UUID, { description: 'The tenant.user_reinstated event.' })
  auditEventId!: string;

  @Field(() => UUID, { description: 'The removal it undid.' })
  removalEventId!: string;

  @Field(() => [RoleRefType])
  reinstatedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType])
  reinstatedDatasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [RoleRefType], { description: 'Recorded by the removal, but the role no longer exists.' })
  skippedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: 'Recorded by the removal, but the dataset no longer exists in the tenant.' })
  skippedDatasetPermissions!: RevokedDatasetPermissionType[];
}

@Resolver()
class ReinstateTenantMemberResolver {
  @Mutation(() => ReinstateTenantMemberPayload, {
    description:
      'Undoes a removal within REINSTATE_WINDOW_DAYS: the membership, and the role assignments and direct dataset permissions the removal recorded ' +
      '(what no longer exists is skipped and reported). Needs tenant.members:reinstate (owner, MANAGE_USERS).',
  })
  async reinstateTenantMember(@Args(() => ReinstateTenantMemberArgs) args: ReinstateTenantMemberArgs, @Ctx() ctx: Context): Promise<ReinstateTenantMemberPayload> {
    const input = { auditEventId: args.auditEventId, tenantId: args.tenantId ?? null, windowDays: ctx.reinstateWindowDays };
    const done = await inTransaction(ctx.db, (tx) => reinstateTenantMember(tx, actorOf(ctx), input, requestMeta(ctx)));
    return { message: 'User reinstated in tenant', ...done } as ReinstateTenantMemberPayload;
  }
}

type PermissionList = Record<string, unknown>[];
const permissions = z.array(legacySchemaOf(revokedDatasetPermission));
const roles = z.array(legacySchemaOf(roleRef));
const legacyPermissions = (list: PermissionList) => list.map((item) => presentLegacy(revokedDatasetPermission, item));

/** Undoes a removal (docs/CONTRACT.md §12), from the trail: the console's Undo, and the legacy
 * POST …/audit-events/{event_id}/reinstate. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'reinstateTenantMember',
  resolver: ReinstateTenantMemberResolver,
  guard: { action: 'tenant.members:reinstate', tenant: removalEventTenant },
  audit: { action: 'tenant.user_reinstated', label: 'member reinstated' },
  opens: ['ReinstateTenantMemberPayload'],
  routes: [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/permissions/tenants/:tenant_id/audit-events/:event_id/reinstate',
    operation: `mutation LegacyReinstateTenantMember($tenantId: UUID!, $auditEventId: UUID!) {
      reinstateTenantMember(tenantId: $tenantId, auditEventId: $auditEventId) {
        message auditEventId removalEventId user { id email }
        reinstatedRoles { ${selectionOf(roleRef)} } reinstatedDatasetPermissions { ${selectionOf(revokedDatasetPermission)} }
        skippedRoles { ${selectionOf(roleRef)} } skippedDatasetPermissions { ${selectionOf(revokedDatasetPermission)} }
      }
    }`,
    path: z.object({ tenant_id: uuid, event_id: uuid }),
    variables: ({ path }) => ({ tenantId: path.tenant_id, auditEventId: path.event_id }),
    response: z.object({
      message: z.string(),
      user_id: uuidOut,
      audit_event_id: uuidOut.meta({ description: 'The `tenant.user_reinstated` event.' }),
      removal_event_id: uuidOut,
      reinstated_roles: roles,
      reinstated_dataset_permissions: permissions,
      skipped_roles: roles.meta({ description: 'Taken by the removal but gone since (deleted).' }),
      skipped_dataset_permissions: permissions,
    }),
    present: (data: { reinstateTenantMember: { message: string; auditEventId: string; removalEventId: string; user: { id: string }; reinstatedRoles: { id: string; name: string }[]; skippedRoles: { id: string; name: string }[]; reinstatedDatasetPermissions: PermissionList; skippedDatasetPermissions: PermissionList } }) => {
      const done = data.reinstateTenantMember;
      return {
        message: done.message,
        user_id: done.user.id,
        audit_event_id: done.auditEventId,
        removal_event_id: done.removalEventId,
        reinstated_roles: done.reinstatedRoles,
        reinstated_dataset_permissions: legacyPermissions(done.reinstatedDatasetPermissions),
        skipped_roles: done.skippedRoles,
        skipped_dataset_permissions: legacyPermissions(done.skippedDatasetPermissions),
      };
    },
  }),
  ],
  examples: [
    {
      args: { auditEventId: '@removalEvent' },
      select: 'message',
      rest: { path: { tenant_id: '@tenant', event_id: '@removalEvent' } },
      writes: true,
      allowed: MANAGERS,
    },
  ],
});
