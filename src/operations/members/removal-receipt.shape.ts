import { z } from 'zod';
import type { DatasetRef, RevokedPermission, RoleRef } from '../../domain/tenancy/revoke-membership.ts';
import { leaf, objectTypeOf, shape, type FieldSpec } from '../shape.ts';

/** What ending a membership took: the removal's receipt (both doors and the console read it),
 * a leave's answer, a bulk removal's outcomes and a reinstatement's lists. */

export const roleRef = shape('RoleRef', { id: { type: leaf.uuid }, name: { type: leaf.string } }, { description: 'A role by id and name.', legacyId: 'IdAndName' });
export const datasetRef = shape('DatasetRef', { id: { type: leaf.uuid }, name: { type: leaf.string } }, { description: 'A dataset by id and name.', legacyId: 'IdAndName' });
export const revokedDatasetPermission = shape(
  'RevokedDatasetPermission',
  { datasetId: { type: leaf.uuid }, datasetName: { type: leaf.string }, permission: { type: leaf.datasetPermission } },
  { description: 'One permission a user held directly on one dataset.', legacyId: 'DatasetPermissionRef' },
);
export const permissionCount = shape('PermissionCount', { permission: { type: leaf.datasetPermission }, count: { type: leaf.int } }, { description: 'How many of one kind of dataset permission.' });

export const RoleRefType = objectTypeOf(roleRef);
export type RoleRefType = RoleRef;
export const DatasetRefType = objectTypeOf(datasetRef);
export type DatasetRefType = DatasetRef;
export const RevokedDatasetPermissionType = objectTypeOf(revokedDatasetPermission);
export type RevokedDatasetPermissionType = RevokedPermission;

/** How an answer names the person whose membership ended: `user` or `caller`. */
function endedMembership(who: string, auditEventNullable: boolean): Record<string, FieldSpec> {
  return {
    message: { type: leaf.string, description: auditEventNullable ? '`User removed from tenant`; a preview: `User would be removed from tenant`.' : undefined },
    revokedRoleCount: { type: leaf.int, description: 'Role assignments in this tenant that were revoked.' },
    revokedDatasetPermissionCount: { type: leaf.int, description: `Permissions the ${who} held directly on this tenant's datasets that were revoked.` },
    activeTenantCleared: { type: leaf.boolean, description: `True when this was the ${who}'s active tenant (now null).` },
    auditEventId: {
      type: leaf.uuid,
      nullable: auditEventNullable,
      description: auditEventNullable ? 'The `tenant.user_removed` event recording this change; null for a preview.' : 'The audit event recording this change.',
    },
  };
}

/** A leave's answer: the effects of a removal, said of the caller. */
export const leaveReceipt = shape('LeaveReceipt', endedMembership('caller', false));

/** A removal's receipt (docs/CONTRACT.md §3): the same on a preview, but for its message,
 * `dryRun` and the event it did not keep. */
export const removalReceipt = shape(
  'RemovalReceipt',
  {
    ...endedMembership('user', true),
    dryRun: { type: leaf.boolean, description: 'True for a preview, which changed nothing.' },
    revokedRoles: { type: roleRef, list: true, description: 'The roles taken, by name.' },
    revokedDatasetPermissions: { type: revokedDatasetPermission, list: true, description: 'Each (dataset, permission) the user held directly and lost.' },
    revokedDatasetPermissionsByKind: {
      type: permissionCount,
      list: true,
      description: 'revokedDatasetPermissions counted per kind (kinds with none left out).',
      legacyRecord: {
        key: 'permission',
        value: 'count',
        zod: z.partialRecord(z.enum(['read', 'write', 'delete', 'share']), z.number().int().min(0)).meta({ description: 'How many of each kind; kinds with none are left out.' }),
      },
    },
    ownedDatasetCount: { type: leaf.int, description: 'Datasets the user owns in the tenant. They stay, with their owner.' },
    ownedDatasets: { type: datasetRef, list: true, description: 'Those datasets: they stay in the tenant.' },
  },
  { description: 'What a removal took (or, on a preview, would take).', consoleFragment: { name: 'RemovalReceipt', on: 'RemoveUserFromTenantPayload' } },
);
