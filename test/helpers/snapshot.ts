import type { PrismaClient } from '../../src/db/client.ts';

/** Everything a removal could touch, in a stable order, for "nothing else moved" assertions. */
export async function snapshot(prisma: PrismaClient) {
  const [users, tenants, memberships, roles, roleAssignments, datasets, permissions] = await Promise.all([
    prisma.user.findMany({ select: { id: true, activeTenantId: true, isActive: true }, orderBy: { id: 'asc' } }),
    prisma.tenant.findMany({ select: { id: true, ownerId: true, name: true }, orderBy: { id: 'asc' } }),
    prisma.membership.findMany({ select: { userId: true, tenantId: true }, orderBy: [{ userId: 'asc' }, { tenantId: 'asc' }] }),
    prisma.role.findMany({ select: { id: true, tenantId: true, capabilities: true }, orderBy: { id: 'asc' } }),
    prisma.roleAssignment.findMany({ select: { userId: true, roleId: true, tenantId: true }, orderBy: [{ userId: 'asc' }, { roleId: 'asc' }] }),
    prisma.dataset.findMany({ select: { id: true, ownerId: true, tenantId: true }, orderBy: { id: 'asc' } }),
    prisma.datasetPermission.findMany({
      select: { id: true, datasetId: true, userId: true, roleId: true, principalTenantId: true, permission: true, tenantId: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return { users, tenants, memberships, roles, roleAssignments, datasets, permissions };
}

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;
