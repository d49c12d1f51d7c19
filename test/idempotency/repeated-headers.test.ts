import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { REMOVE_MUTATION } from '../helpers/removal-doors.ts';
import { snapshot } from '../helpers/snapshot.ts';

// A header that must come once, sent on two lines. Node folds the lines before any handler sees
// them (Idempotency-Key and X-Api-Key into "a, b"; Authorization down to the first), so these go
// through real HTTP with each line on the wire.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const tenantsOwnedBy = (ownerId: string) => t.prisma.tenant.count({ where: { ownerId } });

describe('Idempotency-Key sent on more than one line', () => {
  it('is refused on a legacy route with the malformed-key 422, and creates nothing, even when both lines hold the first key', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    const created = await t.http.post('/api/v1/permissions/tenants?tenant_name=x', { auth, headers: { 'idempotency-key': 'K' } });
    expect(created.status).toBe(200);

    for (const lines of [
      ['K', 'K'],
      ['K', 'other'],
    ]) {
      const doubled = await t.http.post('/api/v1/permissions/tenants?tenant_name=x', { auth, headers: { 'idempotency-key': lines } });
      expect(doubled.status).toBe(422);
      expect(doubled.body.detail).toEqual([
        { type: 'value_error', loc: ['header', 'idempotency-key'], msg: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters', input: lines },
      ]);
      expect(doubled.headers.get('idempotency-replayed')).toBeNull();
    }
    expect(await tenantsOwnedBy(user.id)).toBe(1);
    // The single-line retry still gets the first answer.
    const retry = await t.http.post('/api/v1/permissions/tenants?tenant_name=x', { auth, headers: { 'idempotency-key': 'K' } });
    expect(retry).toMatchObject({ status: 200, body: created.body });
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
  });

  it('is refused on /graphql with 400 BAD_USER_INPUT, reason IDEMPOTENCY_KEY_INVALID, and the removal does not run', async () => {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    const before = await snapshot(t.prisma);
    for (const lines of [
      ['g-one', 'g-two'],
      ['g-one', 'g-one'],
    ]) {
      const response = await t.http.post('/graphql', { auth, json: { query: REMOVE_MUTATION, variables: { tenantId: w.tenant.id, userId: w.target.id } }, headers: { 'idempotency-key': lines } });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [{ message: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters', extensions: { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_INVALID' } }],
      });
    }
    expect(await snapshot(t.prisma)).toEqual(before);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: w.owner.id } })).toBe(0);
  });

  it('counts the lines whatever the case of the header name', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/api/v1/permissions/tenants?tenant_name=x', { auth: await tokenFor(user), headers: { 'IDEMPOTENCY-KEY': ['K', 'K'] } });
    expect(response.status).toBe(422);
    expect(await tenantsOwnedBy(user.id)).toBe(0);
  });
});

describe('a credential header sent on more than one line', () => {
  it('answers 401 for two Authorization lines, on both doors, even when the first alone is valid', async () => {
    const [alice, bob] = [await buildUser(t.prisma), await buildUser(t.prisma)];
    const [a, b] = [(await tokenFor(alice)).token, (await tokenFor(bob)).token];
    for (const lines of [
      [`Bearer ${a}`, `Bearer ${b}`],
      [`Bearer ${a}`, `Bearer ${a}`],
    ]) {
      const rest = await t.http.get('/api/v1/auth/me', { headers: { authorization: lines } });
      expect(rest).toMatchObject({ status: 401, body: { detail: 'Unauthorized' } });
      const graphql = await t.http.post('/graphql', { json: { query: '{ me { id } }' }, headers: { authorization: lines } });
      expect(graphql.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 401 for two X-Api-Key lines, and does not fall back to the other credential header', async () => {
    const user = await buildUser(t.prisma);
    const auth = await tokenFor(user);
    const created = await t.http.post('/api/v1/auth/api-keys', { auth, json: { name: 'doubled' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect((await t.http.get('/api/v1/auth/me', { headers: { 'x-api-key': key } })).status).toBe(200);
    expect(await t.http.get('/api/v1/auth/me', { headers: { 'x-api-key': [key, key] } })).toMatchObject({ status: 401 });
    // A valid bearer beside a doubled key: the request's credentials are still ambiguous.
    expect(await t.http.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${auth.token}`, 'x-api-key': [key, key] } })).toMatchObject({ status: 401 });
  });
});
