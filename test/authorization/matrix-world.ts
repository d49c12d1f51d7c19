import type { TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { viaRest } from '../helpers/removal-doors.ts';

/** Everyone the matrix asks about. */
export const ACTORS = ['owner', 'manager', 'member', 'outsider', 'foreignManager', 'removedUser', 'revokedKey', 'inactiveUser', 'anonymous'] as const;
export type ActorName = (typeof ACTORS)[number];

/** One tenant and its neighbourhood, fresh for every case: the operations write. */
export async function buildWorld(t: TestApp) {
  const p = t.prisma;
  const [owner, manager, member, target, holder, outsider, foreignOwner, foreignManager, removed, keyHolder, inactive, newcomer] = await Promise.all(
    Array.from({ length: 12 }, () => buildUser(p)),
  );
  const tenant = await buildTenant(p, { owner });
  await buildManager(p, tenant, manager);
  for (const user of [member, target, holder]) await addMember(p, tenant, user);
  const role = await buildRole(p, { tenant, name: 'editors' });
  await assignRole(p, role, holder);
  const dataset = await buildDataset(p, { owner, tenant });
  await grant(p, { dataset, permission: 'read', user: member });
  await grant(p, { dataset, permission: 'read', user: holder });
  const foreign = await buildTenant(p, { owner: foreignOwner });
  await buildManager(p, foreign, foreignManager);
  // The member works in the foreign tenant too, and acts there: what they do in the tenant
  // must not carry the foreign tenant into the tenant's audit trail (CONTRACT.md §10).
  await addMember(p, foreign, member, { activate: true });
  await assignRole(p, await buildRole(p, { tenant: foreign, name: 'foreign editors' }), member);
  await grant(p, { dataset: await buildDataset(p, { owner: foreignOwner, tenant: foreign }), permission: 'read', user: member });

  // A manager removed a moment ago, calling with the token they held while a manager.
  await buildManager(p, tenant, removed);
  const removedToken = await tokenFor(removed);
  const removal = await viaRest(t.http, await tokenFor(owner), tenant.id, removed.id);
  if (!removal.ok) throw new Error(`arranging the removed user failed: ${JSON.stringify(removal.body)}`);
  // A manager's API key, revoked; a manager whose account was deactivated.
  await buildManager(p, tenant, keyHolder);
  const key = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(keyHolder), json: { name: 'matrix' } });
  await t.http.delete(`/api/v1/auth/api-keys/${key.body.id}`, { auth: await tokenFor(keyHolder) });
  await buildManager(p, tenant, inactive);
  const inactiveToken = await tokenFor(inactive);
  // The owner's own API key, which only the owner may revoke.
  const ownerKey = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(owner), json: { name: 'owner' } });
  await p.user.update({ where: { id: inactive.id }, data: { isActive: false } });
  // A webhook endpoint of the tenant, turned off so that no relay delivers to it while a case runs.
  const endpoint = await p.webhookEndpoint.create({ data: { tenantId: tenant.id, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_bWF0cml4LW1hdHJpeC1tYXRyaXgtbWF0cml4LW1hdHI=', enabled: false } });

  const auth: Record<ActorName, Auth> = {
    owner: await tokenFor(owner),
    manager: await tokenFor(manager),
    member: await tokenFor(member),
    outsider: await tokenFor(outsider),
    foreignManager: await tokenFor(foreignManager),
    removedUser: removedToken,
    revokedKey: { apiKey: key.body.key },
    inactiveUser: inactiveToken,
    anonymous: undefined,
  };
  return { auth, removalEventId: removal.body.audit_event_id as string, tenant, foreign, role, dataset, member, target, holder, owner, newcomer, ownerKey: { id: ownerKey.body.id as string }, endpoint };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
