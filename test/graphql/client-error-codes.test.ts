import { randomUUID } from 'node:crypto';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';

/** A request GraphQL refuses because of what the caller sent is answered with a client code
 * (BAD_REQUEST or BAD_USER_INPUT), never INTERNAL_SERVER_ERROR, which stays for our own faults.
 * Production mode, as deployed. */

let t: TestApp;
let auth: Auth;
beforeAll(async () => {
  t = await startTestApp({ mode: 'production' });
  auth = await tokenFor(await buildUser(t.prisma));
});
afterAll(() => t.close());

const DATASET = 'query Dataset($id: UUID!) { dataset(id: $id) { id } }';

/** POSTs a body as given: JSON.stringify cannot build a 10,000-deep array (it overflows the stack). */
function postRaw(body: string) {
  return t.http.post('/graphql', { auth, headers: { 'content-type': 'application/json' }, body });
}

function codes(body: { errors?: { extensions?: { code?: string } }[] }): string[] {
  return (body.errors ?? []).map((error) => error.extensions?.code ?? '(none)');
}

describe('GraphQL errors caused by the request itself', () => {
  it('answers a persisted query of an unsupported version with 400 BAD_REQUEST', async () => {
    const response = await t.http.post('/graphql', { auth, json: { query: '{ me { id } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers a UUID variable holding a 10,000-deep array with 400 BAD_USER_INPUT that says a UUID is a string', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const response = await postRaw(`{"query":${JSON.stringify(DATASET)},"variables":{"id":${deep}}}`);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors[0].message).toMatch(/^Variable "\$id" got invalid value .*; UUID cannot represent a non-string value$/);
  });

  it.each([
    ['a number', 42],
    ['a boolean', true],
    ['an object', { id: randomUUID() }],
    ['a list of one UUID', [randomUUID()]],
  ])('refuses %s for a UUID variable with BAD_USER_INPUT', async (_label, value) => {
    const response = await t.http.graphql(DATASET, { id: value }, auth);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0].message).toContain('UUID cannot represent a non-string value');
  });

  it('still refuses a malformed UUID string with BAD_USER_INPUT', async () => {
    const response = await t.http.graphql(DATASET, { id: 'not-a-uuid' }, auth);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers more invalid variable values than graphql-js will list with client codes only', async () => {
    const createRole = 'mutation Create($name: String!, $capabilities: [Capability!]) { createRole(name: $name, capabilities: $capabilities) { id } }';
    const capabilities = Array.from({ length: 60 }, () => randomUUID());
    const response = await t.http.graphql(createRole, { name: 'role', capabilities }, auth);
    expect(response.status).toBe(400);
    // graphql-js lists 50 and then gives up with an error of its own that carries no code.
    expect(codes(response.body)).toEqual([...Array(50).fill('BAD_USER_INPUT'), 'BAD_REQUEST']);
    expect(response.body.errors?.at(-1)?.message).toBe('Too many errors processing variables, error limit reached. Execution aborted.');
  });

  it.each([
    ['several operations and no operationName', 'query A { me { id } } query B { me { id } }', undefined, 'Must provide operation name if query contains multiple operations.'],
    ['an operationName the document does not hold', 'query A { me { id } }', 'C', 'Unknown operation named "C".'],
  ])('answers a document with %s with 400 and graphql-js\'s message', async (_label, query, operationName, message) => {
    const response = await t.http.post('/graphql', { auth, json: { query, operationName } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] });
  });
});

describe('a genuine server fault', () => {
  it('is still masked as INTERNAL_SERVER_ERROR with nothing internal in it', async () => {
    // A constraint the service knows nothing about makes the insert fail inside the resolver.
    await t.prisma.$executeRawUnsafe(`ALTER TABLE tenants ADD CONSTRAINT test_refuses_tenant CHECK (name <> 'refused by the database') NOT VALID`);
    try {
      const response = await t.http.graphql('mutation { createTenant(name: "refused by the database") { id } }', {}, auth);
      expect(response.status).toBe(200);
      expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', path: ['createTenant'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(response.body)).not.toContain('test_refuses_tenant');
    } finally {
      await t.prisma.$executeRawUnsafe('ALTER TABLE tenants DROP CONSTRAINT test_refuses_tenant');
    }
  });
});
