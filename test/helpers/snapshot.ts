import type { PrismaClient } from '../../src/db/client.ts';

/** Everything a removal could touch (and the API keys and webhook endpoints, which other operations touch), in a stable order, for "nothing else moved" assertions: one
 * snapshot of the database, read on one connection (parallel reads would each wait for a
 * connection of their own, which the embedded database hands out one at a time). */
export async function snapshot(prisma: PrismaClient) {
  const [users, tenants, memberships, roles, roleAssignments, datasets, permissions, apiKeys, webhookEndpoints, webhookDeadLetters] = await prisma.$transaction([
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
    prisma.apiKey.findMany({ select: { id: true, userId: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    prisma.webhookEndpoint.findMany({ select: { id: true, tenantId: true, url: true, description: true, eventTypes: true, enabled: true, secret: true }, orderBy: { id: 'asc' } }),
    prisma.webhookDeadLetter.findMany({ select: { endpointId: true, eventId: true, replayAt: true }, orderBy: [{ endpointId: 'asc' }, { eventId: 'asc' }] }),
  ]);
  return { users, tenants, memberships, roles, roleAssignments, datasets, permissions, apiKeys, webhookEndpoints, webhookDeadLetters };
}

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** The snapshot expected after `userId` left or was removed from `tenantId`, computed from the
 * one before: their membership, role assignments and direct grants in that tenant go, and their
 * active tenant is cleared only if it was this one. Nothing else moves. */
export function afterMembershipEnded(before: Snapshot, tenantId: string, userId: string): Snapshot {
  return {
    ...before,
    users: before.users.map((u) => (u.id === userId && u.activeTenantId === tenantId ? { ...u, activeTenantId: null } : u)),
    memberships: before.memberships.filter((m) => !(m.userId === userId && m.tenantId === tenantId)),
    roleAssignments: before.roleAssignments.filter((a) => !(a.userId === userId && a.tenantId === tenantId)),
    permissions: before.permissions.filter((g) => !(g.userId === userId && g.tenantId === tenantId)),
  };
}
