import { randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/db/client.ts';
import type { Capability, DatasetPermissionKind } from '../../src/generated/prisma/client.ts';

type Ref = { id: string };
const suffix = () => randomBytes(3).toString('hex');

/** A tenant with its owner as member (both rows in one transaction: the owner-membership key
 * is deferred to commit). `activate` makes it the owner's active tenant. */
export async function buildTenant(prisma: PrismaClient, options: { owner: Ref; name?: string; activate?: boolean }) {
  const id = randomUUID();
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { id, name: options.name ?? `tenant-${suffix()}`, ownerId: options.owner.id } });
    await tx.membership.create({ data: { userId: options.owner.id, tenantId: id } });
    if (options.activate) await tx.user.update({ where: { id: options.owner.id }, data: { activeTenantId: id } });
    return tenant;
  });
}

export async function addMember(prisma: PrismaClient, tenant: Ref, user: Ref, options: { activate?: boolean } = {}) {
  await prisma.membership.create({ data: { userId: user.id, tenantId: tenant.id } });
  if (options.activate) await prisma.user.update({ where: { id: user.id }, data: { activeTenantId: tenant.id } });
}

export function buildRole(prisma: PrismaClient, options: { tenant: Ref; name?: string; capabilities?: Capability[] }) {
  return prisma.role.create({ data: { tenantId: options.tenant.id, name: options.name ?? `role-${suffix()}`, capabilities: options.capabilities ?? [] } });
}

export async function assignRole(prisma: PrismaClient, role: { id: string; tenantId: string }, user: Ref) {
  await prisma.roleAssignment.create({ data: { roleId: role.id, tenantId: role.tenantId, userId: user.id } });
}

/** A member holding a MANAGE_USERS role in the tenant. */
export async function buildManager(prisma: PrismaClient, tenant: Ref, user: Ref) {
  await addMember(prisma, tenant, user);
  const role = await buildRole(prisma, { tenant, capabilities: ['MANAGE_USERS'] });
  await assignRole(prisma, role, user);
  return role;
}

/** A dataset; its owner gets all four permissions, as createDataset gives them. */
export async function buildDataset(prisma: PrismaClient, options: { owner: Ref; tenant?: Ref | null; name?: string }) {
  const dataset = await prisma.dataset.create({
    data: { name: options.name ?? `dataset-${suffix()}`, ownerId: options.owner.id, tenantId: options.tenant?.id ?? null },
  });
  for (const permission of ['read', 'write', 'delete', 'share'] as const) {
    await grant(prisma, { dataset, permission, user: options.owner });
  }
  return dataset;
}

/** One dataset permission for exactly one principal (the database fills tenant_id). */
export function grant(prisma: PrismaClient, options: { dataset: Ref; permission: DatasetPermissionKind; user?: Ref; role?: Ref; tenant?: Ref }) {
  return prisma.datasetPermission.create({
    data: {
      datasetId: options.dataset.id,
      permission: options.permission,
      userId: options.user?.id,
      roleId: options.role?.id,
      principalTenantId: options.tenant?.id,
    },
  });
}
