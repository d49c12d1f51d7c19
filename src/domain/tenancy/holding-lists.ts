import { Prisma } from '../../generated/prisma/client.ts';

/** How what a member holds in a tenant is listed, wherever it is shown: the removal's receipt,
 * preview and audit details (revoke-membership.ts) and Tenant.memberHoldings
 * (queries/member-holdings.ts). One spelling and one order, so the lists compare equal. Each
 * is a jsonb aggregate over rows aliased `r` (roles), `d` (datasets) and, for permissions, the
 * permission rows' alias given. */

/** `[{id, name}]` of roles `r`, by name then id. */
export const ROLE_LIST = Prisma.sql`jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id)`;

/** `[{datasetId, datasetName, permission}]` of permission rows `grantAlias` on datasets `d`, by
 * dataset name, id, then permission (the enum's order: read, write, delete, share). */
export function permissionListSql(grantAlias: string): Prisma.Sql {
  const p = Prisma.raw(grantAlias);
  return Prisma.sql`jsonb_agg(jsonb_build_object('datasetId', d.id, 'datasetName', d.name, 'permission', ${p}.permission) ORDER BY d.name, d.id, ${p}.permission)`;
}

/** `[{id, name}]` of datasets `d`, by name then id. */
export const DATASET_LIST = Prisma.sql`jsonb_agg(jsonb_build_object('id', d.id, 'name', d.name) ORDER BY d.name, d.id)`;
