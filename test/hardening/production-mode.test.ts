import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';
import type { HttpResponse } from '../helpers/http.ts';
import { startNodeOptions } from '../helpers/service-process.ts';

/** What production mode turns off (introspection, the Sandbox, schema hints in errors) and the
 * security headers of each mode. Stack traces are never sent, in any mode. */

let prod: TestApp;
let dev: TestApp;
beforeAll(async () => {
  [prod, dev] = await Promise.all([startTestApp({ mode: 'production' }), startTestApp({ mode: 'development' })]);
});
afterAll(() => Promise.all([prod?.close(), dev?.close()]));

const GRANT = 'mutation($d: [UUID!]!, $p: DatasetPermission!, $pr: PrincipalInput!) { grantDatasetPermission(datasetIds: $d, permission: $p, principal: $pr) { __typename } }';

/** Requests whose errors graphql-js would decorate with "Did you mean …?". */
async function probingErrors(t: TestApp): Promise<string[]> {
  const auth = await tokenFor(await buildUser(t.prisma));
  const id = randomUUID();
  const responses = await Promise.all([
    t.http.graphql('{ mee { id } }', {}, auth), // field
    t.http.graphql(`{ dataset(idd: "${id}") { id } }`, {}, auth), // argument
    t.http.graphql('mutation { grantDatasetPermission(datasetIds: [], permission: reed, principal: { id: "x", type: USR }) { __typename } }', {}, auth), // enum literal
    t.http.graphql(GRANT, { d: [], p: 'reed', pr: { id, type: 'USER' } }, auth), // enum variable
    t.http.graphql(GRANT, { d: [], p: 'READ', pr: { id, typ: 'USER' } }, auth), // input field in a variable
  ]);
  return responses.flatMap((response) => (response.body.errors ?? []).map((error: { message: string }) => error.message));
}

describe('production mode', () => {
  it('refuses introspection (__schema and __type), saying it is disabled and naming no server internals', async () => {
    for (const [query, field] of [
      ['{ __schema { types { name } } }', '__schema'],
      ['{ __type(name: "User") { fields { name } } }', '__type'],
    ]) {
      const response = await prod.http.graphql(query);
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.body.errors?.[0].message).toBe(`GraphQL introspection has been disabled, but the requested query contained the field "${field}".`);
      // graphql-js names each introspection field of the query, all with the same sentence.
      for (const error of response.body.errors ?? []) expect(error.message).toMatch(/^GraphQL introspection has been disabled, but the requested query contained the field "\w+"\.$/);
      expect(JSON.stringify(response.body)).not.toMatch(/apollo|ApolloServer|introspection: true/i);
      expect(response.body.data).toBeUndefined();
    }
    // __typename is not introspection of the schema.
    expect((await prod.http.graphql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives no field, argument, enum or input suggestions in any error', async () => {
    const messages = await probingErrors(prod);
    expect(messages.length).toBeGreaterThanOrEqual(5);
    expect(messages.filter((message) => /did you mean/i.test(message))).toEqual([]);
    expect(messages).toContain('Cannot query field "mee" on type "Query".');
  });

  it('sends no stack trace with any error', async () => {
    const auth = await tokenFor(await buildUser(prod.prisma));
    const responses = await Promise.all([
      prod.http.graphql('{ me { id ', {}, auth), // parse error
      prod.http.graphql('{ nope }', {}, auth), // validation error
      prod.http.graphql(`{ dataset(id: "${randomUUID()}") { id } }`, {}, auth), // a domain error (NOT_FOUND)
      prod.http.graphql('{ me { id } }', {}, { token: 'forged.token.value' }), // UNAUTHENTICATED
    ]);
    for (const response of responses) {
      expect(response.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+/);
    }
  });

  it('serves no Sandbox landing page: a browser is told in plain words that the IDE is off', async () => {
    const response = await prod.http.get('/graphql', { headers: { accept: 'text/html' } });
    expect(String(JSON.stringify(response.body))).not.toContain('embeddable-sandbox');
    expect(String(response.body)).toContain('The GraphQL IDE (Apollo Sandbox) is off');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('sends strict security headers on every response, whichever door and outcome', async () => {
    const responses: HttpResponse[] = await Promise.all([
      prod.http.graphql('{ me { id } }'),
      prod.http.get('/api/v1/auth/me'),
      prod.http.get('/api/v1/no-such-route'),
      prod.http.get('/health'),
      prod.http.post('/api/v1/auth/register', { headers: { 'content-type': 'application/json' }, body: '{"broken' }),
    ]);
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });
});

describe('development mode', () => {
  it('serves introspection and keeps the suggestions a developer wants', async () => {
    const response = await dev.http.graphql('{ __schema { queryType { name } } }');
    expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await probingErrors(dev)).some((message) => message.includes('Did you mean "me"?'))).toBe(true);
  });

  it('serves the Sandbox under a header CSP that allows every origin the page\'s own policy names, and no HSTS', async () => {
    const response = await dev.http.get('/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = String(response.body);
    expect(html).toContain('embeddable-sandbox');
    // Browsers enforce both policies: the page's <meta> one (nonces, Apollo's CDN) and our header.
    const header = parseCsp(response.headers.get('content-security-policy') ?? '');
    const meta = parseCsp(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '');
    expect(Object.keys(meta)).toEqual(expect.arrayContaining(['script-src', 'style-src', 'frame-src']));
    for (const [directive, sources] of Object.entries(meta)) {
      // embed.apollo.local is Apollo's own development host for the embed, not one a browser here reaches.
      for (const origin of sources.filter((source) => source.startsWith('https://') && !source.includes('apollo.local'))) {
        expect({ directive, allowed: (header[directive] ?? header['default-src']).includes(origin) }).toEqual({ directive, allowed: true });
      }
    }
    expect(header['connect-src']).toEqual(["'self'"]);
    expect(header['object-src']).toEqual(["'none'"]);
    expect(header['frame-ancestors']).toEqual(["'self'"]);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('says so when the service starts (and production does not)', () => {
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, [...startNodeOptions(), 'src/main.ts'], {
        cwd: join(__dirname, '..', '..'),
        // A database that refuses at once: the start gets as far as the mode warning, then stops.
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', ...env },
        encoding: 'utf8',
        timeout: 60_000,
      }).stdout;
    const warning = /running in development mode: introspection and Apollo Sandbox are on/;
    expect(start({})).toMatch(warning);
    expect(start({ APP_ENV: 'production', JWT_SECRET: TEST_JWT.secret })).not.toMatch(warning);
  });
});

function parseCsp(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}
