import type { PrismaClient } from '../../src/db/client.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from './tenancy.ts';
import { buildUser } from './users.ts';

/** A tenant with an owner, a manager (via a MANAGE_USERS role), a plain member and a target who
 * has roles and grants here and elsewhere: the whole neighbourhood that removing the target, or
 * the target leaving, must respect. */
export async function buildRemovalNeighbourhood(p: PrismaClient) {
  const [owner, manager, member, target, outsider, otherManager] = await Promise.all(Array.from({ length: 6 }, () => buildUser(p)));
  const tenant = await buildTenant(p, { owner, activate: true });
  await buildManager(p, tenant, manager);
  await addMember(p, tenant, member);
  await addMember(p, tenant, target, { activate: true });
  const editors = await buildRole(p, { tenant, name: 'editors' });
  const viewers = await buildRole(p, { tenant, name: 'viewers' });
  await assignRole(p, editors, target);
  await assignRole(p, viewers, target);
  await assignRole(p, viewers, member);

  // Datasets in the tenant: one the target owns (4 grants), one the owner shares with the target (2 grants).
  const ownedByTarget = await buildDataset(p, { owner: target, tenant });
  const shared = await buildDataset(p, { owner, tenant });
  await grant(p, { dataset: shared, permission: 'read', user: target });
  await grant(p, { dataset: shared, permission: 'write', user: target });
  // Other principals' grants on the same datasets must stay.
  await grant(p, { dataset: ownedByTarget, permission: 'read', role: viewers });
  await grant(p, { dataset: ownedByTarget, permission: 'read', tenant });
  await grant(p, { dataset: ownedByTarget, permission: 'read', user: member });

  // The target elsewhere: another tenant with a role and a grant, and a personal dataset.
  const elsewhere = await buildTenant(p, { owner: otherManager });
  await buildManager(p, elsewhere, outsider);
  await addMember(p, elsewhere, target);
  const elsewhereRole = await buildRole(p, { tenant: elsewhere });
  await assignRole(p, elsewhereRole, target);
  const elsewhereDataset = await buildDataset(p, { owner: otherManager, tenant: elsewhere });
  await grant(p, { dataset: elsewhereDataset, permission: 'read', user: target });
  const personal = await buildDataset(p, { owner: target, tenant: null });

  return { owner, manager, member, target, outsider, otherManager, tenant, elsewhere, ownedByTarget, shared, personal, viewers };
}
