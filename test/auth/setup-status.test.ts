import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** `setupStatus`: the one thing a first-run screen may learn before anyone can sign in. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const QUERY = '{ setupStatus { needsFirstAdmin } }';

describe('setupStatus', () => {
  it('answers an anonymous caller needsFirstAdmin: true on an empty database, then false once the first account is registered', async () => {
    expect(await t.prisma.user.count()).toBe(0);
    const before = await t.http.graphql(QUERY, {});
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ data: { setupStatus: { needsFirstAdmin: true } } });

    const registered = await t.http.graphql('mutation { register(email: "first@example.com", password: "first admin pass") { id } }', {});
    expect(registered.body.errors).toBeUndefined();
    expect((await t.http.graphql(QUERY, {})).body).toEqual({ data: { setupStatus: { needsFirstAdmin: false } } });
  });

  it('answers a signed-in caller the same, and holds no other field to ask', async () => {
    const user = await buildUser(t.prisma);
    expect((await t.http.graphql(QUERY, {}, await tokenFor(user))).body).toEqual({ data: { setupStatus: { needsFirstAdmin: false } } });
    const probe = await t.http.graphql('{ setupStatus { userCount } }', {});
    expect(probe.status).toBe(400);
    expect(probe.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('opens nothing else to an anonymous caller: a document with setupStatus and me still answers 401', async () => {
    const mixed = await t.http.graphql('{ setupStatus { needsFirstAdmin } me { id } }', {});
    expect(mixed.status).toBe(401);
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(mixed.body.data ?? null).toBeNull();
  });
});
