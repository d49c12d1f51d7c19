import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { MemberHoldingsDocument, RemovalDetailsDocument } from '../generated/graphql.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { DOORS_WITH_PREVIEW } from '../helpers/removal-doors.ts';
import { operationData, sendOperation } from '../helpers/typed-graphql.ts';

/** docs/CONTRACT.md §3/§4/§10: whoever may remove a member from a tenant sees everything the
 * member holds there, and nothing outside it; the member field, the preview, the receipt and
 * the audit details are four views of the same lists. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Lists {
  roles: { id: string; name: string }[];
  datasetPermissions: { datasetId: string; datasetName: string; permission: string }[];
  ownedDatasets?: { id: string; name: string }[];
}

/** A receipt or audit details of either door, in GraphQL's spelling. */
function listsOf(body: any): Lists {
  const permissions = body.revokedDatasetPermissions ?? body.revoked_dataset_permissions;
  const owned = body.ownedDatasets ?? body.owned_datasets;
  return {
    roles: body.revokedRoles ?? body.revoked_roles,
    datasetPermissions: permissions.map((p: any) => ({ datasetId: p.datasetId ?? p.dataset_id, datasetName: p.datasetName ?? p.dataset_name, permission: p.permission.toUpperCase() })),
    ...(owned ? { ownedDatasets: owned } : {}),
  };
}

async function holdings(auth: Auth, tenantId: string, userId: string): Promise<Lists> {
  return (await operationData(t.http, MemberHoldingsDocument, { variables: { tenantId, userId }, auth })).tenant.memberHoldings;
}

/** The removal's audit details, read through the door the removal went through. */
async function auditDetails(door: string, auth: Auth, tenantId: string, userId: string): Promise<Lists> {
  if (door === 'GraphQL') {
    const data = await operationData(t.http, RemovalDetailsDocument, { variables: { tenantId, userId }, auth });
    return listsOf(data.tenant.auditEvents.edges[0].node.details);
  }
  const response = await t.http.get(`/api/v1/permissions/tenants/${tenantId}/audit-events?actions=tenant.user_removed&target_user_id=${userId}&first=1`, { auth });
  expect(response.status).toBe(200);
  return listsOf(response.body.events[0].details);
}

describe.each(DOORS_WITH_PREVIEW)('what a user manager sees of a member, through %s', (door, remove, preview) => {
  it('lists the same roles, permissions and owned datasets on the member field, the preview, the receipt and the audit details', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const manager = await tokenFor(w.manager);

    const shown = await holdings(manager, w.tenant.id, w.target.id);
    // Everything the target holds in the tenant, including grants on a dataset the manager
    // cannot read or share, and nothing of the other tenant or the personal space.
    expect(shown.roles.map((role) => role.name)).toEqual(['editors', 'viewers']);
    expect(shown.datasetPermissions).toHaveLength(6);
    expect(new Set(shown.datasetPermissions.map((p) => p.datasetId))).toEqual(new Set([w.ownedByTarget.id, w.shared.id]));
    expect(shown.ownedDatasets).toEqual([{ id: w.ownedByTarget.id, name: w.ownedByTarget.name }]);

    const previewed = await preview(t.http, manager, w.tenant.id, w.target.id);
    expect(previewed.ok).toBe(true);
    expect(listsOf(previewed.body)).toEqual(shown);

    const removed = await remove(t.http, manager, w.tenant.id, w.target.id);
    expect(removed.ok).toBe(true);
    expect(listsOf(removed.body)).toEqual(shown);

    const { ownedDatasets: _owned, ...revoked } = shown;
    expect(await auditDetails(door, manager, w.tenant.id, w.target.id)).toEqual(revoked);
  });
});

describe('Tenant.memberHoldings', () => {
  it('shows a member with grants in two tenants only the grants, roles and datasets of the tenant asked about', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const here = await holdings(await tokenFor(w.owner), w.tenant.id, w.target.id);
    // `outsider` manages the other tenant, where the target holds a role and one grant.
    const there = await holdings(await tokenFor(w.outsider), w.elsewhere.id, w.target.id);
    const elsewhereRoles = await t.prisma.roleAssignment.findMany({ where: { userId: w.target.id, tenantId: w.elsewhere.id }, include: { role: true } });
    const elsewhereGrants = await t.prisma.datasetPermission.findMany({ where: { userId: w.target.id, tenantId: w.elsewhere.id }, include: { dataset: true } });

    expect(there).toEqual({
      roles: elsewhereRoles.map((a) => ({ id: a.role.id, name: a.role.name })),
      datasetPermissions: elsewhereGrants.map((g) => ({ datasetId: g.datasetId, datasetName: g.dataset.name, permission: g.permission.toUpperCase() })),
      ownedDatasets: [],
    });
    const hereText = JSON.stringify(here);
    for (const foreign of [w.elsewhere.id, w.personal.id, ...elsewhereRoles.map((a) => a.role.id), ...elsewhereGrants.map((g) => g.datasetId)]) {
      expect(hereText).not.toContain(foreign);
    }
    expect(JSON.stringify(there)).not.toContain(w.personal.id);
  });

  it('answers NOT_FOUND for a user who is not a member, and FORBIDDEN to a member who may not manage users', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const stranger = await buildUser(t.prisma);
    const notMember = await sendOperation(t.http, MemberHoldingsDocument, { variables: { tenantId: w.tenant.id, userId: stranger.id }, auth: await tokenFor(w.owner) });
    expect(notMember.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', 'User not found in this tenant.']]);
    const plain = await sendOperation(t.http, MemberHoldingsDocument, { variables: { tenantId: w.tenant.id, userId: w.target.id }, auth: await tokenFor(w.member) });
    expect(plain.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
