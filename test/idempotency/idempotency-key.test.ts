import { countStatements } from '../dashboard/statement-counter.ts';
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { addMember } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth, HttpResponse } from '../helpers/http.ts';
import { REMOVE_MUTATION } from '../helpers/removal-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Send = (auth: Auth, tenantId: string, userId: string, key?: string) => Promise<HttpResponse>;

const keyHeader = (key?: string): Record<string, string> => (key === undefined ? {} : { 'idempotency-key': key });

const viaRest: Send = (auth, tenantId, userId, key) =>
  t.http.delete(`/api/v1/permissions/tenants/${tenantId}/users/${userId}`, { auth, headers: keyHeader(key) });
const viaGraphQL: Send = (auth, tenantId, userId, key) =>
  t.http.post('/graphql', { auth, json: { query: REMOVE_MUTATION, variables: { tenantId, userId } }, headers: keyHeader(key) });

/** The door's success: REST 200, GraphQL 200 with the payload. */
const removed = (response: HttpResponse) => response.status === 200 && (response.body.message ?? response.body.data?.removeUserFromTenant?.message) === 'User removed from tenant';
/** The door's refusal text. */
const refusal = (response: HttpResponse) => (typeof response.body.detail === 'string' ? response.body.detail : response.body.errors?.[0]?.message);

const removals = (userId: string) => t.prisma.auditEvent.count({ where: { action: 'tenant.user_removed', targetUserId: userId } });
const storedKeys = (callerId: string) => t.prisma.idempotencyKey.findMany({ where: { callerId } });
const newKey = () => `key-${Math.random().toString(36).slice(2)}`;

describe.each([
  ['REST', viaRest],
  ['GraphQL', viaGraphQL],
] as const)('Idempotency-Key on a removal through %s', (door, send) => {
  it('replays the first 200 receipt, byte for byte, with Idempotency-Replayed: true, and removes once', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    const first = await send(auth, w.tenant.id, w.target.id, key);
    expect(removed(first)).toBe(true);
    expect(first.headers.get('idempotency-replayed')).toBeNull();

    const retry = await send(auth, w.tenant.id, w.target.id, key);
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await removals(w.target.id)).toBe(1);

    // Without the key the same call is a new request: the user is gone.
    expect(refusal(await send(auth, w.tenant.id, w.target.id))).toBe('User not found in this tenant.');
  });

  it('costs two statements more than the same removal without a key, and no second transaction', async () => {
    const [plain, keyed] = [await buildRemovalNeighbourhood(t.prisma), await buildRemovalNeighbourhood(t.prisma)];
    const without = await countStatements(async () => send(await tokenFor(plain.owner), plain.tenant.id, plain.target.id));
    const withKey = await countStatements(async () => send(await tokenFor(keyed.owner), keyed.tenant.id, keyed.target.id, newKey()));
    expect([removed(without.result), removed(withKey.result)]).toEqual([true, true]);
    const begins = (statements: string[]) => statements.filter((statement) => /^\s*BEGIN/i.test(statement)).length;
    expect(begins(withKey.statements)).toBe(begins(without.statements));
    expect(withKey.statements.length - without.statements.length).toBe(2);
  });

  it('stores the answer in the transaction of the effect (same transaction time as the audit event)', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const key = newKey();
    expect(removed(await send(await tokenFor(w.owner), w.tenant.id, w.target.id, key))).toBe(true);
    const [stored] = await storedKeys(w.owner.id);
    const [event] = await t.prisma.auditEvent.findMany({ where: { action: 'tenant.user_removed', targetUserId: w.target.id } });
    // now() is the transaction's start time: equal only when both rows were written in one.
    expect(stored).toMatchObject({ key, status: 200 });
    expect(stored.createdAt.getTime()).toBe(event.createdAt.getTime());
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(24 * 3600 * 1000);
  });

  it('binds the key to what the request means: ids spelled in another case are the same request, replayed', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    const first = await send(auth, w.tenant.id.toUpperCase(), w.target.id.toUpperCase(), key);
    expect(removed(first)).toBe(true);
    const retry = await send(auth, w.tenant.id, w.target.id, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await removals(w.target.id)).toBe(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with a different request, and runs nothing', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    expect(removed(await send(auth, w.tenant.id, w.target.id, key))).toBe(true);
    const before = await snapshot(t.prisma);

    const other = await send(auth, w.tenant.id, w.member.id, key);
    expect(other.status).toBe(422);
    expect(refusal(other)).toMatch(/already used for a different request/);
    if (door === 'GraphQL') expect(other.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('keeps no refusal: a 404 retried with the same key runs again, and a 401 keeps nothing', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const stranger = await buildUser(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = newKey();
    expect(refusal(await send(auth, w.tenant.id, stranger.id, key))).toBe('User not found in this tenant.');
    expect(await send(undefined, w.tenant.id, stranger.id, key)).toMatchObject({ status: 401 });
    expect(await storedKeys(w.owner.id)).toEqual([]);

    await addMember(t.prisma, w.tenant, stranger);
    const retry = await send(auth, w.tenant.id, stranger.id, key);
    expect(removed(retry)).toBe(true);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
  });

  it("keeps one caller's key invisible to another caller", async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const key = newKey();
    expect(removed(await send(await tokenFor(w.owner), w.tenant.id, w.target.id, key))).toBe(true);
    // Same key, another caller, another request: neither a replay nor a reuse.
    const other = await send(await tokenFor(w.manager), w.tenant.id, w.member.id, key);
    expect(removed(other)).toBe(true);
    expect(other.headers.get('idempotency-replayed')).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['not ASCII', 'caf\u00e9'],
    ['a tab', 'a\tb'],
  ])('refuses a malformed key (%s) before anything runs', async (_case, key) => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const before = await snapshot(t.prisma);
    const response = await send(await tokenFor(w.owner), w.tenant.id, w.target.id, key);
    if (door === 'REST') {
      expect(response.status).toBe(422);
      expect(response.body.detail).toEqual([expect.objectContaining({ loc: ['header', 'idempotency-key'], msg: expect.stringMatching(/1 to 255 printable ASCII/) })]);
    } else {
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ message: expect.stringMatching(/1 to 255 printable ASCII/), extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
  });

  it('accepts 255 printable characters, and a quoted key as the same key unquoted', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const key = ' !"#$%&()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'.padEnd(255, 'x');
    expect(removed(await send(auth, w.tenant.id, w.target.id, key))).toBe(true);
    expect((await send(auth, w.tenant.id, w.target.id, key)).headers.get('idempotency-replayed')).toBe('true');

    const quoted = await send(auth, w.tenant.id, w.member.id, '"k-1"');
    expect(removed(quoted)).toBe(true);
    expect((await send(auth, w.tenant.id, w.member.id, 'k-1')).headers.get('idempotency-replayed')).toBe('true');
  });

  it('runs a request again once its answer has expired, and purges expired answers as new ones are stored', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const [expiredKey, liveKey] = [newKey(), newKey()];
    expect(removed(await send(auth, w.tenant.id, w.target.id, expiredKey))).toBe(true);
    const other = await buildRemovalNeighbourhood(t.prisma);
    expect(removed(await send(await tokenFor(other.owner), other.tenant.id, other.target.id, liveKey))).toBe(true);
    await t.prisma.idempotencyKey.updateMany({ where: { key: expiredKey }, data: { expiresAt: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - 2000) } });

    // Expired: not replayed; the removal runs again (and is refused: the user is gone).
    const again = await send(auth, w.tenant.id, w.target.id, expiredKey);
    expect(refusal(again)).toBe('User not found in this tenant.');
    expect(again.headers.get('idempotency-replayed')).toBeNull();
    expect(await t.prisma.idempotencyKey.count({ where: { key: expiredKey } })).toBe(1);

    // The next stored answer (anyone's) takes the expired row with it; live rows stay.
    expect(removed(await send(await tokenFor(w.manager), w.tenant.id, w.member.id, newKey()))).toBe(true);
    expect(await t.prisma.idempotencyKey.count({ where: { key: expiredKey } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { key: liveKey } })).toBe(1);
  });
});

const CREATE_DATASET = 'mutation Create($name: String!) { createDataset(name: $name) { id name } }';

describe('Idempotency-Key on the GraphQL door', () => {
  it('ignores the header on a query (a read is safe to run again) and keeps nothing', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    for (let i = 0; i < 2; i++) {
      const response = await t.http.post('/graphql', { auth, json: { query: '{ me { id } }' }, headers: { 'idempotency-key': 'read-1' } });
      expect(response.body).toEqual({ data: { me: { id: user.id } } });
      expect(response.headers.get('idempotency-replayed')).toBeNull();
    }
    expect(await storedKeys(user.id)).toEqual([]);
  });

  it('refuses the header on a persisted-query hash sent without its document', async () => {
    const user = await buildUser(t.prisma);
    const extensions = { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } };
    const response = await t.http.post('/graphql', { auth: await tokenFor(user), json: { extensions }, headers: { 'idempotency-key': 'apq' } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: expect.stringContaining('persisted-query hash'), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('binds the key to the operation and variables, not to their spelling', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    const first = await t.http.post('/graphql', { auth, json: { query: CREATE_DATASET, variables: { name: 'spelled' } }, headers: { 'idempotency-key': 'spelling' } });
    expect(first.body.data.createDataset.name).toBe('spelled');
    const respelled = `# the same operation\nmutation   Create( $name : String! ) {\n  createDataset(name: $name) { id name }\n}`;
    const retry = await t.http.post('/graphql', { auth, json: { query: respelled, variables: { name: 'spelled' } }, headers: { 'idempotency-key': 'spelling' } });
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(1);
  });

  it('answers a document with several mutation fields once, and keeps nothing when a non-null field failed (data is null)', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const query = `mutation Two($tenantId: UUID!, $a: UUID!, $b: UUID!) {
      a: removeUserFromTenant(tenantId: $tenantId, userId: $a) { message }
      b: removeUserFromTenant(tenantId: $tenantId, userId: $b) { message }
    }`;
    // The owner cannot be removed: b fails, data is null, so a's removal is rolled back with it.
    const before = await snapshot(t.prisma);
    const refused = await t.http.post('/graphql', { auth, json: { query, variables: { tenantId: w.tenant.id, a: w.target.id, b: w.owner.id } }, headers: { 'idempotency-key': 'two' } });
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors[0].extensions.reason).toBe('OWNER_NOT_REMOVABLE');
    expect(await snapshot(t.prisma)).toEqual(before);

    const variables = { tenantId: w.tenant.id, a: w.target.id, b: w.member.id };
    const first = await t.http.post('/graphql', { auth, json: { query, variables }, headers: { 'idempotency-key': 'two' } });
    expect(first.body.data).toEqual({ a: { message: 'User removed from tenant' }, b: { message: 'User removed from tenant' } });
    const retry = await t.http.post('/graphql', { auth, json: { query, variables }, headers: { 'idempotency-key': 'two' } });
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect([await removals(w.target.id), await removals(w.member.id)]).toEqual([1, 1]);
  });

  it('refuses the header on register, login and createApiKey, whose answers must never be stored', async () => {
    const user = await buildUser(t.prisma);
    const cases = [
      { query: 'mutation { createApiKey(name: "k") { key } }', auth: await tokenFor(user), field: 'createApiKey' },
      { query: 'mutation { login(email: "nobody@example.test", password: "x") { accessToken } }', auth: undefined, field: 'login' },
    ];
    for (const { query, auth, field } of cases) {
      const response = await t.http.post('/graphql', { auth, json: { query }, headers: { 'idempotency-key': 'secret' } });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ message: expect.stringContaining(`not accepted on ${field}`), extensions: { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_NOT_ACCEPTED' } });
    }
    expect(await t.prisma.apiKey.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('Idempotency-Key on the legacy routes', () => {
  it('covers every mutating route: a created dataset is replayed with its 200 and created once', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    const first = await t.http.post('/api/v1/datasets', { auth, json: { name: 'once' }, headers: { 'idempotency-key': 'ds' } });
    const retry = await t.http.post('/api/v1/datasets', { auth, json: { name: 'once' }, headers: { 'idempotency-key': 'ds' } });
    expect(first.status).toBeLessThan(300);
    expect(retry).toMatchObject({ status: first.status, body: first.body });
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(1);
  });

  it('refuses the header on registration, login and API-key creation with 422 and a clear detail', async () => {
    const user = await buildUser(t.prisma);
    const headers = { 'idempotency-key': 'secret' };
    const register = await t.http.post('/api/v1/auth/register', { json: { email: 'idem-new@example.test', password: 'a long enough password' }, headers });
    const login = await t.http.post('/api/v1/auth/login', { form: { username: user.email, password: 'x' }, headers });
    const apiKey = await t.http.post('/api/v1/auth/api-keys', { auth: await tokenFor(user), json: { name: 'k' }, headers });
    for (const [response, field] of [
      [register, 'register'],
      [login, 'login'],
      [apiKey, 'createApiKey'],
    ] as const) {
      expect(response.status).toBe(422);
      expect(response.body.detail).toContain(`Idempotency-Key is not accepted on ${field}`);
    }
    expect(await t.prisma.user.count({ where: { emailKey: 'idem-new@example.test' } })).toBe(0);
    expect(await t.prisma.apiKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('ignores the header on a read route', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.get('/api/v1/auth/me', { auth: await tokenFor(user), headers: { 'idempotency-key': '' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('idempotency-replayed')).toBeNull();
  });
});
