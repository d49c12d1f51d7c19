// Only the latest change to a user's membership in a tenant can be undone: reinstating an older
// removal would restore rights revoked since it (issue #19, part 3).
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { grant } from '../factories/tenancy.ts';
import { tokenFor } from '../factories/users.ts';
import { AddUserToTenantDocument, GrantDatasetPermissionDocument, LeaveTenantDocument, RemoveUserFromRoleDocument, RevokeDatasetPermissionDocument } from '../generated/graphql.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { checkInvariants } from '../helpers/invariants.ts';
import { viaGraphQL as removeViaGraphQL, viaRest as removeViaRest, type Door } from '../helpers/removal-doors.ts';
import { holdings, reinstateFlags, reinstateViaGraphQL, reinstateViaRest, type ReinstateDoor } from '../helpers/reinstate-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { call, succeed, untyped } from '../helpers/typed-graphql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const SUPERSEDED = "A later change to this user's membership supersedes this removal; only the latest removal, not yet undone, can be reinstated.";

describe.each([
  ['GraphQL', removeViaGraphQL, reinstateViaGraphQL],
  ['REST', removeViaRest, reinstateViaRest],
] as [string, Door, ReinstateDoor][])('reinstating a superseded removal through %s', (door, remove, reinstate) => {
  type World = Awaited<ReturnType<typeof buildRemovalNeighbourhood>>;

  /** Removes the target through this door; the removal's event id. */
  async function removeTarget(w: World, auth: Auth): Promise<string> {
    const outcome = await remove(t.http, auth, w.tenant.id, w.target.id);
    if (!outcome.ok) throw new Error(`arranging the removal failed: ${JSON.stringify(outcome.body)}`);
    return outcome.body.auditEventId ?? outcome.body.audit_event_id;
  }

  async function reinstateOk(w: World, auth: Auth, eventId: string): Promise<void> {
    const outcome = await reinstate(t.http, auth, w.tenant.id, eventId);
    if (outcome.status !== 200) throw new Error(`arranging the reinstatement failed: ${JSON.stringify(outcome.body)}`);
  }

  /** 409 SUPERSEDED, and nothing changed: no row, no audit event. */
  async function expectSuperseded(w: World, auth: Auth, eventId: string): Promise<void> {
    const before = await snapshot(t.prisma);
    const events = await t.prisma.auditEvent.count();
    const outcome = await reinstate(t.http, auth, w.tenant.id, eventId);
    expect({ status: outcome.status, text: outcome.text }).toEqual({ status: 409, text: SUPERSEDED });
    if (door === 'GraphQL') expect({ code: outcome.code, reason: outcome.reason }).toEqual({ code: 'CONFLICT', reason: 'SUPERSEDED' });
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.auditEvent.count()).toBe(events);
  }

  /** viewerCanReinstate and can_reinstate of the target's removals, which must agree. */
  async function flags(w: World, auth: Auth) {
    const { graphql, rest } = await reinstateFlags(t.http, auth, w.tenant.id, w.target.id);
    expect(rest).toEqual(graphql);
    return graphql;
  }

  it('refuses the first removal once the user was reinstated, lost a share grant and a role, and was removed again; the latest removal restores only what was held then', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    await grant(t.prisma, { dataset: w.shared, permission: 'share', user: w.target });
    const [manager, owner] = [await tokenFor(w.manager), await tokenFor(w.owner)];
    const first = await removeTarget(w, manager);
    await reinstateOk(w, manager, first);

    const share = { datasetIds: [w.shared.id], permission: 'SHARE', principal: { type: 'USER', id: w.target.id } };
    await succeed(t.http, RevokeDatasetPermissionDocument, share, owner);
    await succeed(t.http, RemoveUserFromRoleDocument, { roleId: w.viewers.id, userId: w.target.id }, owner);
    // The manager may not grant that share directly: a reinstatement must not do it either.
    expect(await call(t.http, GrantDatasetPermissionDocument, share, manager)).toMatchObject({ code: 'FORBIDDEN' });
    const held = await holdings(t.prisma, w.tenant.id, w.target.id);
    expect(held.permissions).not.toContain(`${w.shared.id}:share`);
    expect(held.roles).not.toContain(w.viewers.id);
    const second = await removeTarget(w, manager);

    await expectSuperseded(w, manager, first);
    expect(await flags(w, manager)).toEqual({ [first]: false, [second]: true });

    await reinstateOk(w, manager, second);
    expect(await holdings(t.prisma, w.tenant.id, w.target.id)).toEqual(held);
    expect(await flags(w, manager)).toEqual({ [first]: false, [second]: false });
    expect(await checkInvariants(t.prisma)).toEqual([]);
  });

  it('refuses a removal followed by a re-addition and another removal, and undoes the latest', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.manager);
    const first = await removeTarget(w, auth);
    await succeed(t.http, AddUserToTenantDocument, { tenantId: w.tenant.id, userId: w.target.id }, auth);
    const second = await removeTarget(w, auth);

    await expectSuperseded(w, auth, first);
    expect(await flags(w, auth)).toEqual({ [first]: false, [second]: true });
    expect((await reinstate(t.http, auth, w.tenant.id, second)).status).toBe(200);
  });

  it('refuses a removal already undone once the user has left the tenant', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.manager);
    const first = await removeTarget(w, auth);
    await reinstateOk(w, auth, first);
    await succeed(t.http, LeaveTenantDocument, { tenantId: w.tenant.id }, await tokenFor(w.target));

    await expectSuperseded(w, auth, first);
    expect(await flags(w, auth)).toEqual({ [first]: false });
  });

  it('after three removals, each but the last undone, refuses the first two and undoes the third', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const first = await removeTarget(w, auth);
    await reinstateOk(w, auth, first);
    const second = await removeTarget(w, auth);
    await reinstateOk(w, auth, second);
    const third = await removeTarget(w, auth);

    await expectSuperseded(w, auth, first);
    await expectSuperseded(w, auth, second);
    expect(await flags(w, auth)).toEqual({ [first]: false, [second]: false, [third]: true });
    expect((await reinstate(t.http, auth, w.tenant.id, third)).status).toBe(200);
  });

  it("refuses a bulk removal's entry for a user removed again since, while another user's entry of the same batch stays undoable", async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const bulk = (await succeed(
      t.http,
      untyped('mutation Bulk($t: UUID!, $u: [UUID!]!) { removeUsersFromTenant(tenantId: $t, userIds: $u) { outcomes { userId receipt { auditEventId } } } }'),
      { t: w.tenant.id, u: [w.member.id, w.target.id] },
      auth,
    )) as { outcomes: { userId: string; receipt: { auditEventId: string } }[] };
    const entry = (user: { id: string }) => bulk.outcomes.find((o) => o.userId === user.id)!.receipt.auditEventId;
    await reinstateOk(w, auth, entry(w.target));
    const again = await removeTarget(w, auth);

    await expectSuperseded(w, auth, entry(w.target));
    expect(await flags(w, auth)).toEqual({ [entry(w.target)]: false, [again]: true });
    expect((await reinstate(t.http, auth, w.tenant.id, entry(w.member))).status).toBe(200);
  });
});
