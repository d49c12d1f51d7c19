// removeUserFromTenant under real concurrency: parallel HTTP requests through both doors
// against one server, then the database is checked for what docs/CONTRACT.md (§1, §3) promises.
// "Check under lock" (docs/ARCHITECTURE.md §3) is what is under test: every membership/role
// write takes the tenant row lock first, so these races must serialize into some legal order.
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { auditEventsInLockOrder, checkInvariants, holdingsIn, type CommittedAuditEvent } from '../helpers/invariants.ts';
import { AddUserToRoleDocument, GrantDatasetPermissionDocument } from '../generated/graphql.ts';
import { FORBIDDEN_MANAGE as FORBIDDEN, NOT_IN_TENANT as NOT_MEMBER } from '../helpers/constants.ts';
import { describeOnPostgres, raceRounds, sayWhySkippedOnEmbedded } from '../helpers/races.ts';
import { DOORS, outcomeOf, type Door, type Outcome } from '../helpers/removal-doors.ts';
import { sendOperation } from '../helpers/typed-graphql.ts';
import { afterMembershipEnded, snapshot } from '../helpers/snapshot.ts';


sayWhySkippedOnEmbedded('remove-user-concurrency');
const REMOVED = 'User removed from tenant';
const ROUNDS = 10;

let t: TestApp;

// ---------------------------------------------------------------------------------------------
// Firing requests and reading their answers
// ---------------------------------------------------------------------------------------------

/** What one request got back, whatever the operation and door. status -1: no HTTP answer or
 * an answer that is not the contract's shape (treated like a 5xx). */
interface Answer extends Outcome {
  label: string;
}

async function answer(label: string, request: () => Promise<Outcome>): Promise<Answer> {
  try {
    return { label, ...(await request()) };
  } catch (error) {
    return { label, ok: false, status: -1, text: `no usable answer: ${String(error)}`, body: undefined };
  }
}

function removal(label: string, door: Door, auth: Auth, tenantId: string, userId: string): Promise<Answer> {
  return answer(label, () => door(t.http, auth, tenantId, userId));
}

const addUserToRole = (auth: Auth, roleId: string, userId: string) =>
  answer('addUserToRole', async () => outcomeOf(await sendOperation(t.http, AddUserToRoleDocument, { variables: { roleId, userId }, auth }), (data) => data));
const grantRead = (auth: Auth, datasetId: string, userId: string) =>
  answer('grantDatasetPermission', async () =>
    outcomeOf(
      await sendOperation(t.http, GrantDatasetPermissionDocument, { variables: { datasetIds: [datasetId], principal: { type: 'USER', id: userId }, permission: 'READ' }, auth }),
      (data) => data,
    ),
  );

/** Counts answers by a description of each, for assertions whose failure shows the whole mix. */
function tally(answers: Answer[], describe: (a: Answer) => string = (a) => `${a.status} ${a.text}`): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[describe(a)] = (counts[describe(a)] ?? 0) + 1;
  return counts;
}

/** 5xx, or no contract-shaped answer at all. */
const serverErrors = (answers: Answer[]) => answers.filter((a) => a.status < 0 || a.status >= 500).map((a) => `${a.label}: ${a.status} ${a.text}`);

/** The audit event id a successful removal reports (GraphQL payload or REST body). */
const auditEventIdOf = (a: Answer) => a.body.auditEventId ?? a.body.audit_event_id;

/** Door for the i-th request: alternate, so every burst goes through both. */
const doorAt = (i: number) => DOORS[i % DOORS.length];

// ---------------------------------------------------------------------------------------------
// Arranging data
// ---------------------------------------------------------------------------------------------

/** A tenant (its owner's active one) and a target member who holds two roles, owns a dataset
 * there (4 grants) and was given read on the owner's dataset: 2 roles and 5 direct grants to
 * revoke. A bystander member with a role and grants must keep them. */
async function arrangeMemberWithHoldings() {
  const p = t.prisma;
  const [owner, target, bystander] = await Promise.all([buildUser(p), buildUser(p), buildUser(p)]);
  const tenant = await buildTenant(p, { owner, activate: true });
  await addMember(p, tenant, target, { activate: true });
  await addMember(p, tenant, bystander);
  const [editors, viewers] = await Promise.all([buildRole(p, { tenant }), buildRole(p, { tenant })]);
  await assignRole(p, editors, target);
  await assignRole(p, viewers, target);
  await assignRole(p, viewers, bystander);
  const ownedByTarget = await buildDataset(p, { owner: target, tenant });
  const shared = await buildDataset(p, { owner, tenant });
  await grant(p, { dataset: shared, permission: 'read', user: target });
  await grant(p, { dataset: shared, permission: 'read', user: bystander });
  await grant(p, { dataset: ownedByTarget, permission: 'read', user: bystander });
  return { owner, target, bystander, tenant };
}

/** A tenant with an owner, the given number of managers (each a member holding a
 * MANAGE_USERS role) and plain members who have something to lose (a role and a grant). */
async function arrangeManagedTenant(counts: { managers: number; members: number }) {
  const p = t.prisma;
  const owner = await buildUser(p);
  const tenant = await buildTenant(p, { owner, activate: true });
  const managers = await Promise.all(Array.from({ length: counts.managers }, () => buildUser(p)));
  for (const manager of managers) await buildManager(p, tenant, manager);
  const members = await Promise.all(Array.from({ length: counts.members }, () => buildUser(p)));
  const role = await buildRole(p, { tenant });
  const dataset = await buildDataset(p, { owner, tenant });
  for (const member of members) {
    await addMember(p, tenant, member, { activate: true });
    await assignRole(p, role, member);
    await grant(p, { dataset, permission: 'read', user: member });
  }
  const names = new Map<string, string>([[owner.id, 'owner']]);
  managers.forEach((m, i) => names.set(m.id, `manager${i + 1}`));
  members.forEach((m, i) => names.set(m.id, `member${i + 1}`));
  return { owner, tenant, managers, members, name: (id: string | null) => (id && names.get(id)) ?? String(id) };
}

/** Replays a tenant's removals in commit order and reports every one whose actor could no
 * longer manage users at that point (was neither the owner nor a manager not yet removed). */
function removalsByNonManagers(events: CommittedAuditEvent[], ownerId: string, managerIds: string[], name: (id: string | null) => string): string[] {
  const mayManage = new Set([ownerId, ...managerIds]);
  const problems: string[] = [];
  for (const event of events.filter((e) => e.action === 'tenant.user_removed')) {
    if (!event.actorId || !mayManage.has(event.actorId)) {
      problems.push(`${name(event.actorId)} removed ${name(event.targetUserId)} after ${name(event.actorId)} had been removed (xid ${event.xid})`);
    }
    if (event.targetUserId) mayManage.delete(event.targetUserId);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describeOnPostgres('removeUserFromTenant under concurrent requests (real PostgreSQL)', () => {
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('50 identical removals at once, half GraphQL and half REST: exactly one succeeds, 49 answer 404 "User not found in this tenant.", one audit event, state as after one removal', async () => {
    const w = await arrangeMemberWithHoldings();
    const before = await snapshot(t.prisma);
    const auth = await tokenFor(w.owner);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const [name, door] = doorAt(i);
        return removal(name, door, auth, w.tenant.id, w.target.id);
      }),
    );

    expect(serverErrors(answers)).toEqual([]);
    expect(tally(answers)).toEqual({ [`200 ${REMOVED}`]: 1, [`404 ${NOT_MEMBER}`]: 49 });
    expect(tally(answers, (a) => `${a.label} ${a.ok ? 'ok' : a.code ?? a.status}`)).toEqual(
      answers.find((a) => a.ok)!.label === 'GraphQL' ? { 'GraphQL ok': 1, 'GraphQL NOT_FOUND': 24, 'REST 404': 25 } : { 'GraphQL NOT_FOUND': 25, 'REST ok': 1, 'REST 404': 24 },
    );
    const winner = answers.find((a) => a.ok)!;
    expect(winner.body).toMatchObject(
      winner.label === 'GraphQL'
        ? { revokedRoleCount: 2, revokedDatasetPermissionCount: 5, activeTenantCleared: true }
        : { revoked_role_count: 2, revoked_dataset_permission_count: 5, active_tenant_cleared: true },
    );

    const audit = await t.prisma.auditEvent.findMany({ where: { action: 'tenant.user_removed', targetUserId: w.target.id } });
    expect(audit.map((e) => ({ id: e.id, actorId: e.actorId, tenantId: e.tenantId }))).toEqual([
      { id: auditEventIdOf(winner), actorId: w.owner.id, tenantId: w.tenant.id },
    ]);
    expect(await snapshot(t.prisma)).toEqual(afterMembershipEnded(before, w.tenant.id, w.target.id));
    expect(await checkInvariants(t.prisma)).toEqual([]);
  });

  it('a removal racing 20 role assignments and grants for the same user: every answer is a success or a 4xx, never a grant without a membership, and the removal revokes exactly the grants that won', async () => {
    const problems = await raceRounds(6, async (round, problem) => {
      const p = t.prisma;
      const [owner, target] = await Promise.all([buildUser(p), buildUser(p)]);
      const tenant = await buildTenant(p, { owner, activate: true });
      await addMember(p, tenant, target, { activate: true });
      const roles = await Promise.all(Array.from({ length: 10 }, () => buildRole(p, { tenant })));
      const datasets = await Promise.all(Array.from({ length: 10 }, () => buildDataset(p, { owner, tenant })));
      const auth = await tokenFor(owner);
      const [doorName, door] = doorAt(round);

      // The removal goes out in the middle of the burst: requests on both sides of it.
      const writes = [...roles.map((role) => () => addUserToRole(auth, role.id, target.id)), ...datasets.map((d) => () => grantRead(auth, d.id, target.id))];
      const burst = [...writes.slice(0, 10), () => removal(doorName, door, auth, tenant.id, target.id), ...writes.slice(10)];
      const answers = await Promise.all(burst.map((fire) => fire()));
      const removed = answers[10];
      const roleAnswers = answers.filter((a) => a.label === 'addUserToRole');
      const grantAnswers = answers.filter((a) => a.label === 'grantDatasetPermission');

      for (const error of serverErrors(answers)) problem(error);
      if (!removed.ok) problem(`the removal via ${doorName} failed: ${removed.status} ${removed.text}`);
      // After the removal a role assignment answers 404 (not a member); a grant answers 400
      // PRINCIPAL_NOT_IN_TENANT (grant-dataset-permission.ts: the principal must belong to the
      // dataset's tenant). 409 would mean a duplicate, impossible here (distinct roles/datasets).
      for (const a of roleAnswers) {
        if (!a.ok && !(a.status === 404 && a.code === 'NOT_FOUND' && a.text === NOT_MEMBER)) problem(`addUserToRole answered ${a.status} ${a.code} ${a.text}`);
      }
      for (const a of grantAnswers) {
        if (!a.ok && !(a.status === 400 && a.reason === 'PRINCIPAL_NOT_IN_TENANT')) problem(`grantDatasetPermission answered ${a.status} ${a.code} ${a.reason} ${a.text}`);
      }

      // The target holds nothing in the tenant, and the removal took exactly what the
      // successful writes had given: each one either committed before it or failed after it.
      const holdings = await holdingsIn(p, tenant.id, target.id);
      if (holdings.member || holdings.roles || holdings.permissions) problem(`after the race the target still holds ${JSON.stringify(holdings)}`);
      if (removed.ok) {
        const revoked = doorName === 'GraphQL' ? [removed.body.revokedRoleCount, removed.body.revokedDatasetPermissionCount] : [removed.body.revoked_role_count, removed.body.revoked_dataset_permission_count];
        const won = [roleAnswers.filter((a) => a.ok).length, grantAnswers.filter((a) => a.ok).length];
        if (revoked[0] !== won[0] || revoked[1] !== won[1]) problem(`removal revoked roles/grants ${revoked.join('/')} but ${won.join('/')} assignments/grants succeeded`);
      }
      // In commit order, every audited grant to the target comes before its removal.
      const events = await auditEventsInLockOrder(p, tenant.id);
      const removalAt = events.findIndex((e) => e.action === 'tenant.user_removed');
      const late = events.filter((e, i) => i > removalAt && e.targetUserId === target.id);
      if (removalAt < 0 || late.length) problem(`audit (commit order) ${events.map((e) => e.action).join(', ')}`);
    });
    expect(problems).toEqual([]);
    expect(await checkInvariants(t.prisma)).toEqual([]);
  });

  it("the owner removing a manager while that manager removes a member: the manager is gone; the member is gone only if the manager's removal committed first; no removal by an already-removed manager", async () => {
    const orders: Record<string, number> = {};
    const problems = await raceRounds(ROUNDS, async (round, problem) => {
      const w = await arrangeManagedTenant({ managers: 1, members: 1 });
      const [manager] = w.managers;
      const [member] = w.members;
      const [ownerDoorName, ownerDoor] = doorAt(round);
      const [managerDoorName, managerDoor] = doorAt(round + 1);
      const [ownerAuth, managerAuth] = await Promise.all([tokenFor(w.owner), tokenFor(manager)]);

      const [byOwner, byManager] = await Promise.all([
        removal(`owner via ${ownerDoorName}`, ownerDoor, ownerAuth, w.tenant.id, manager.id),
        removal(`manager via ${managerDoorName}`, managerDoor, managerAuth, w.tenant.id, member.id),
      ]);

      for (const error of serverErrors([byOwner, byManager])) problem(error);
      if (!byOwner.ok) problem(`the owner's removal of the manager failed: ${byOwner.status} ${byOwner.text}`);
      if (!byManager.ok && !(byManager.status === 403 && byManager.text === FORBIDDEN)) problem(`the manager's removal answered ${byManager.status} ${byManager.text}`);

      const [managerHoldings, memberHoldings] = await Promise.all([holdingsIn(t.prisma, w.tenant.id, manager.id), holdingsIn(t.prisma, w.tenant.id, member.id)]);
      if (managerHoldings.member || managerHoldings.roles) problem(`the manager still holds ${JSON.stringify(managerHoldings)}`);
      if (memberHoldings.member === byManager.ok) problem(`manager's removal ${byManager.ok ? 'succeeded' : 'failed'} but the member is ${memberHoldings.member ? 'still' : 'no longer'} in the tenant`);
      if (!memberHoldings.member && (memberHoldings.roles || memberHoldings.permissions)) problem(`the removed member still holds ${JSON.stringify(memberHoldings)}`);

      const events = await auditEventsInLockOrder(t.prisma, w.tenant.id);
      const removals = events.filter((e) => e.action === 'tenant.user_removed');
      const successes = [byOwner, byManager].filter((a) => a.ok);
      if (removals.length !== successes.length) problem(`${successes.length} removals succeeded but ${removals.length} were audited`);
      for (const text of removalsByNonManagers(events, w.owner.id, [manager.id], w.name)) problem(text);
      const order = removals.map((e) => `${w.name(e.actorId)}→${w.name(e.targetUserId)}`).join(', ');
      orders[order] = (orders[order] ?? 0) + 1;
    });
    console.info(`owner vs manager, commit orders over ${ROUNDS} rounds: ${JSON.stringify(orders)}`);
    expect(problems).toEqual([]);
    expect(await checkInvariants(t.prisma)).toEqual([]);
  });

  it('two managers removing each other at once: exactly one succeeds, the other gets 403 because it is no longer a manager; never both removed', async () => {
    const outcomes: Record<string, number> = {};
    const problems = await raceRounds(ROUNDS, async (round, problem) => {
      const w = await arrangeManagedTenant({ managers: 2, members: 0 });
      const [first, second] = w.managers;
      const [firstDoorName, firstDoor] = doorAt(round);
      const [secondDoorName, secondDoor] = doorAt(round + 1);
      const [firstAuth, secondAuth] = await Promise.all([tokenFor(first), tokenFor(second)]);

      const answers = await Promise.all([
        removal(`manager1 via ${firstDoorName}`, firstDoor, firstAuth, w.tenant.id, second.id),
        removal(`manager2 via ${secondDoorName}`, secondDoor, secondAuth, w.tenant.id, first.id),
      ]);

      for (const error of serverErrors(answers)) problem(error);
      const summary = answers.map((a) => `${a.label}: ${a.ok ? 'removed the other' : `${a.status} ${a.text}`}`).join('; ');
      const key = answers.map((a) => (a.ok ? 'ok' : a.status)).join('/');
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      const winners = answers.filter((a) => a.ok);
      const losers = answers.filter((a) => !a.ok);
      if (winners.length !== 1 || losers.some((a) => a.status !== 403 || a.text !== FORBIDDEN)) problem(summary);

      const [firstHoldings, secondHoldings] = await Promise.all([holdingsIn(t.prisma, w.tenant.id, first.id), holdingsIn(t.prisma, w.tenant.id, second.id)]);
      if (!firstHoldings.member && !secondHoldings.member) problem(`both managers were removed (${summary})`);
      for (const [name, holdings] of [['manager1', firstHoldings], ['manager2', secondHoldings]] as const) {
        if (!holdings.member && (holdings.roles || holdings.permissions)) problem(`removed ${name} still holds ${JSON.stringify(holdings)}`);
      }

      const events = await auditEventsInLockOrder(t.prisma, w.tenant.id);
      const audited = events.filter((e) => e.action === 'tenant.user_removed').length;
      if (audited !== winners.length) problem(`${winners.length} removals succeeded but ${audited} were audited`);
      for (const text of removalsByNonManagers(events, w.owner.id, [first.id, second.id], w.name)) problem(text);
    });
    console.info(`manager vs manager, answers over ${ROUNDS} rounds: ${JSON.stringify(outcomes)}`);
    expect(problems).toEqual([]);
    expect(await checkInvariants(t.prisma)).toEqual([]);
  });
});
