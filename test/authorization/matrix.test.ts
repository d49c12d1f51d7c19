import { operations } from '../../src/operations/registry.ts';
import { rowsOf, type Operation, type Outcome } from './operation-rows.ts';
import { addMember, buildRole, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { emptyTables } from '../helpers/database.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { trailLeaks } from '../helpers/audit-isolation.ts';
import { ACTORS, buildWorld, type ActorName } from './matrix-world.ts';

/** What an allowed caller's answer must hold, by row: the member holds grants in the foreign
 * tenant too, and what a removal would take (docs/CONTRACT.md §4) must not carry them. */
const SHOWS: Record<string, Operation['shows']> = {
  'tenant.memberHoldings': (w, data: any) =>
    expect(data.tenant.memberHoldings).toEqual({ roles: [], datasetPermissions: [{ datasetId: w.dataset.id, permission: 'READ' }], ownedDatasets: [] }),
};

/** The one table: every operation's examples (src/operations/), through each of its doors. */
const OPERATIONS: Operation[] = operations.flatMap(rowsOf).map((op) => (SHOWS[op.name] ? { ...op, shows: SHOWS[op.name] } : op));
for (const name of Object.keys(SHOWS)) if (!OPERATIONS.some((op) => op.name === name)) throw new Error(`SHOWS names ${name}, which no row has`);

const STATUS: Record<Outcome, number> = { ok: 200, FORBIDDEN: 403, UNAUTHENTICATED: 401, BAD_USER_INPUT: 400, NOT_FOUND: 404 };

function expected(op: Operation, actor: ActorName): Outcome {
  if (op.special?.[actor]) return op.special[actor]!;
  if (op.allowed.includes(actor)) return 'ok';
  if (actor === 'revokedKey' || actor === 'inactiveUser' || actor === 'anonymous') return 'UNAUTHENTICATED';
  return 'FORBIDDEN';
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The console's door: the same token as a session cookie on /graphql, for a caller who may, one
 * who may not, and one whose token outlived their membership (past the token, the cookie shares
 * every step with the header). The legacy REST routes ignore the cookie: the owner's own token
 * there is no credential. */
const COOKIE_ACTORS: ActorName[] = ['owner', 'member', 'removedUser'];
const CASES = OPERATIONS.flatMap((op) =>
  ACTORS.flatMap((actor) => [
    { door: 'GraphQL', op, actor },
    ...(COOKIE_ACTORS.includes(actor) ? [{ door: 'GraphQL session cookie', op, actor }] : []),
    ...(op.rest ? [{ door: 'REST', op, actor }] : []),
    ...(op.rest && actor === 'owner' ? [{ door: 'REST session cookie', op, actor }] : []),
  ]),
);

/** The outcome a door gives: a cookie on a REST route is no credential at all, so the caller is anonymous there. */
function expectedOver(door: string, op: Operation, actor: ActorName): Outcome {
  return door === 'REST session cookie' ? expected(op, 'anonymous') : expected(op, actor);
}

function asCookie(auth: Auth): Auth {
  return auth && 'token' in auth ? { sessionCookie: auth.token } : auth;
}

describe('authorization matrix', () => {
  it.each(CASES.map((c) => [c.op.name, c.actor, c.door, expectedOver(c.door, c.op, c.actor), c] as const))(
    '%s by %s over %s → %s',
    async (_name, actor, door, outcome, { op }) => {
      await emptyTables(t.prisma);
      const w = await buildWorld(t);
      const before = await snapshot(t.prisma);
      let seen: Outcome | string;
      const auth = door.endsWith('session cookie') ? asCookie(w.auth[actor]) : w.auth[actor];
      if (door.startsWith('GraphQL')) {
        const { query, variables } = op.graphql(w);
        const response = await t.http.graphql(query, variables, auth);
        seen = response.body.errors?.[0]?.extensions?.code ?? (response.body.data ? 'ok' : 'no data');
        if (seen === 'ok') op.shows?.(w, response.body.data);
      } else {
        const rest = op.rest!(w);
        const response = await t.http.request(rest.method, rest.path, { auth, json: rest.json });
        const status = response.status;
        const known = status >= 200 && status < 300 ? 'ok' : (Object.entries(STATUS).find(([, s]) => s === status)?.[0] as Outcome | undefined);
        seen = known ?? `HTTP ${status}: ${JSON.stringify(response.body)}`;
      }
      expect(seen).toBe(outcome);
      const after = await snapshot(t.prisma);
      if (outcome === 'ok' && op.writes) expect(after).not.toEqual(before);
      else expect(after).toEqual(before);
      // Whatever was written, each tenant's trail still names only its own objects.
      if (outcome === 'ok' && op.writes) expect((await trailLeaks(t.http, t.prisma, [w.tenant.id, w.foreign.id])).leaks).toEqual([]);
    },
  );
});

/** Fields of a User that name the user's tenants: the user themselves reads them, nobody else,
 * however the User was reached. A member of both tenants is the interesting case: a manager of
 * the other tenant sees them in a payload and must not learn which tenant they work in. */
describe('User fields only the user themselves may read', () => {
  const FIELDS = ['activeTenantId', 'activeTenant { id }', 'memberships { tenant { id } }'];

  async function sharedMember() {
    const w = await buildWorld(t);
    const foreignOwner = await buildUser(t.prisma);
    const foreign = await buildTenant(t.prisma, { owner: foreignOwner });
    const foreignRole = await buildRole(t.prisma, { tenant: foreign, name: 'foreign editors' });
    await addMember(t.prisma, foreign, w.member);
    await t.prisma.user.update({ where: { id: w.member.id }, data: { activeTenantId: w.tenant.id } });
    return { w, foreignRole, foreignAuth: await tokenFor(foreignOwner) };
  }

  it.each(FIELDS)('%s: refused (FORBIDDEN, null) to the other tenant\'s owner in an addUserToRole payload about a shared member', async (field) => {
    const { w, foreignRole, foreignAuth } = await sharedMember();
    const response = await t.http.graphql(`mutation($r: UUID!, $u: UUID!) { addUserToRole(roleId: $r, userId: $u) { user { id ${field} } } }`, { r: foreignRole.id, u: w.member.id }, foreignAuth);
    const name = field.split(' ')[0];
    expect(response.body.errors?.map((e: any) => [e.extensions?.code, e.path?.at(-1)])).toEqual([['FORBIDDEN', name]]);
    expect(JSON.stringify(response.body.data)).not.toContain(w.tenant.id);
  });

  it.each(FIELDS)('%s: refused to the tenant owner in a removeUserFromTenant payload', async (field) => {
    const w = await buildWorld(t);
    await t.prisma.user.update({ where: { id: w.target.id }, data: { activeTenantId: w.tenant.id } });
    const response = await t.http.graphql(`mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { user { id ${field} } } }`, { t: w.tenant.id, u: w.target.id }, w.auth.owner);
    expect(response.body.errors?.map((e: any) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it.each(FIELDS)('%s: answered to the user themselves', async (field) => {
    const { w } = await sharedMember();
    const response = await t.http.graphql(`{ me { id ${field} } }`, {}, w.auth.member);
    expect(response.body.errors).toBeUndefined();
    expect(JSON.stringify(response.body.data)).toContain(w.tenant.id);
  });
});
