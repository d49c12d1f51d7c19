import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const newKey = () => `key-${Math.random().toString(36).slice(2)}`;
const removals = (userIds: string[]) => t.prisma.auditEvent.count({ where: { action: 'tenant.user_removed', targetUserId: { in: userIds } } });
const send = (auth: Auth, query: string, key: string) => t.http.post('/graphql', { auth, json: { query }, headers: { 'idempotency-key': key } });

describe('Idempotency-Key on GraphQL with ids written as literals in the document', () => {
  it('replays a retry whose literal ids are spelled in upper case, and removes once', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    const removal = (tenantId: string, userId: string) => `mutation { removeUserFromTenant(tenantId: "${tenantId}", userId: "${userId}") { message auditEventId } }`;

    const first = await send(auth, removal(w.tenant.id, w.target.id), key);
    expect(first.body.data.removeUserFromTenant.message).toBe('User removed from tenant');
    const retry = await send(auth, removal(w.tenant.id.toUpperCase(), w.target.id.toUpperCase()), key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await removals([w.target.id])).toBe(1);
  });

  it('replays a bulk removal whose literal list of ids comes back in upper case, and still tells another list apart', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    const bulk = (tenantId: string, userIds: string[]) =>
      `mutation { removeUsersFromTenant(tenantId: "${tenantId}", userIds: [${userIds.map((id) => `"${id}"`).join(', ')}]) { removedCount } }`;

    const first = await send(auth, bulk(w.tenant.id.toUpperCase(), [w.target.id.toUpperCase()]), key);
    expect(first.body.data.removeUsersFromTenant.removedCount).toBe(1);
    const retry = await send(auth, bulk(w.tenant.id, [w.target.id]), key);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);

    const other = await send(auth, bulk(w.tenant.id, [w.member.id]), key);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await removals([w.target.id, w.member.id])).toBe(1);
  });
});
