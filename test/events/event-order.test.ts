import type { Tx } from '../../src/db/transaction.ts';
import { readEventFeed, type FeedPosition } from '../../src/domain/events/event-feed.ts';
import { removeUserFromTenant } from '../../src/domain/tenancy/remove-user-from-tenant.ts';
import { addMember, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { describeOnPostgres, raceRounds, sayWhySkippedOnEmbedded } from '../helpers/races.ts';
import { viaGraphQL, viaRest } from '../helpers/removal-doors.ts';

// Order under real concurrency (PostgreSQL): numbers commit in order, an uncommitted event is
// invisible and no reader gets past it, and the global feed holds back what a running
// transaction could still precede.

sayWhySkippedOnEmbedded('event-order');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const EVENTS = 'query($t: UUID!, $after: String) { events(tenantId: $t, after: $after, first: 200) { events { id sequence } endCursor } }';

async function readStream(auth: Auth, tenantId: string, after: string | null = null) {
  const body = (await t.http.graphql(EVENTS, { t: tenantId, after }, auth)).body;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.events as { events: { id: string; sequence: number }[]; endCursor: string };
}

async function tenantWithMembers(count: number) {
  const owner = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner });
  const members = await Promise.all(Array.from({ length: count }, () => buildUser(t.prisma)));
  for (const member of members) await addMember(t.prisma, tenant, member);
  return { owner, tenant, members, auth: await tokenFor(owner) };
}

/** A removal held open inside its transaction (its event written, not committed) until released. */
async function holdRemoval(owner: { id: string; email: string }, tenantId: string, userId: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const inside = new Promise<void>((resolve) => (written = resolve));
  const done = t.prisma.$transaction(
    async (tx) => {
      const receipt = await removeUserFromTenant(tx, { userId: owner.id, email: owner.email, credential: { kind: 'jwt' } }, { tenantId, userId });
      written();
      await gate;
      return receipt.auditEventId;
    },
    { timeout: 120_000 },
  );
  await inside;
  return { release, done };
}

/** Waits (bounded, by condition) until some backend waits for a lock: the second writer is queued. */
async function untilSomeoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
    if (row.n > 0n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no backend ever waited for a lock');
}

async function feedFrom(after: FeedPosition | null) {
  return readEventFeed(t.prisma as unknown as Tx, after, 1_000);
}

describeOnPostgres('event order on PostgreSQL', () => {
  it('concurrent removals in one tenant get gap-free numbers, and every read in between sees an unbroken prefix', async () => {
    const problems = await raceRounds(3, async (_round, problem) => {
      const w = await tenantWithMembers(12);
      // Each member removed twice at once, through both doors: one wins, one is refused (and rolls back).
      const removals = w.members.flatMap((member, i) => (i % 2 ? [viaGraphQL, viaRest] : [viaRest, viaGraphQL]).map((door) => door(t.http, w.auth, w.tenant.id, member.id)));
      let racing = true;
      const reads: number[][] = [];
      const reader = (async () => {
        while (racing) reads.push((await readStream(w.auth, w.tenant.id)).events.map((e) => e.sequence));
      })();
      const outcomes = await Promise.all(removals);
      racing = false;
      await reader;
      reads.push((await readStream(w.auth, w.tenant.id)).events.map((e) => e.sequence));
      if (outcomes.filter((o) => o.ok).length !== 12) problem(`removed ${outcomes.filter((o) => o.ok).length}, not 12`);
      for (const seen of reads) if (seen.some((seq, i) => seq !== i + 1)) problem(`a read saw ${seen.join(',')}`);
      if (reads.at(-1)!.length !== 12) problem(`the stream holds ${reads.at(-1)!.length} events`);
      const rows = await t.prisma.auditEvent.findMany({ where: { tenantId: w.tenant.id }, select: { targetUserId: true } });
      if (new Set(rows.map((r) => r.targetUserId)).size !== 12) problem('a member has no event, or two');
    });
    expect(problems).toEqual([]);
  });

  it('withholds an uncommitted event, and a reader that continues from its cursor sees it and the one queued behind it, in order', async () => {
    const w = await tenantWithMembers(3);
    const seen = await readStream(w.auth, w.tenant.id);
    const held = await holdRemoval(w.owner, w.tenant.id, w.members[0].id);
    const queued = viaGraphQL(t.http, w.auth, w.tenant.id, w.members[1].id);
    await untilSomeoneWaitsForALock();
    expect((await readStream(w.auth, w.tenant.id, seen.endCursor)).events).toEqual([]);
    held.release();
    const heldId = await held.done;
    expect((await queued).ok).toBe(true);
    const after = await readStream(w.auth, w.tenant.id, seen.endCursor);
    expect(after.events.map((e) => [e.id === heldId, e.sequence])).toEqual([
      [true, 1],
      [false, 2],
    ]);
  });

  it('the global feed holds back an event committed after an older transaction that is still running, then gives both in xid order', async () => {
    const a = await tenantWithMembers(1);
    const b = await tenantWithMembers(1);
    const before = await feedFrom(null);
    const start = before.at(-1) ?? null;
    const held = await holdRemoval(a.owner, a.tenant.id, a.members[0].id);
    const later = await viaRest(t.http, b.auth, b.tenant.id, b.members[0].id);
    expect(later.ok).toBe(true);
    // Tenant b's own stream has it at once (its numbers are not held back by another tenant)…
    expect((await readStream(b.auth, b.tenant.id)).events).toHaveLength(1);
    // …but the global feed must not pass it: the running transaction has a lower xid.
    const bEvent = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: b.tenant.id }, select: { id: true } });
    expect((await feedFrom(start)).map((e) => e.id)).not.toContain(bEvent.id);
    held.release();
    const aEventId = await held.done;
    let ids: string[] = [];
    // Other test files' transactions on this server may hold the horizon back for a moment.
    for (let i = 0; i < 500 && !(ids.includes(aEventId) && ids.includes(bEvent.id)); i++) {
      ids = (await feedFrom(start)).map((e) => e.id);
      if (!(ids.includes(aEventId) && ids.includes(bEvent.id))) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ids.filter((id) => id === aEventId || id === bEvent.id)).toEqual([aEventId, bEvent.id]);
  });
});
