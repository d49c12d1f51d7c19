// Generated malformed requests against every legacy REST route and every
// GraphQL root field (test/stress/support/malformed-cases.ts), on a real server over its own
// database (embedded or PostgreSQL). Asserted for every single response: no status >= 500, and
// a documented shape — REST `{"detail": "…"}` or FastAPI's `{"detail": [{type, loc, msg, input}]}`
// (a 2xx answer is a route's own JSON), GraphQL `{"errors": [{message, extensions: {code}}]}`
// or `{"data": …}` — with no internals in it. Afterwards each tenant's audit trail names none of
// the other tenant's objects. Fixed seed, printed; STRESS_SEED replays a run.
import { request as httpRequest, Agent } from 'node:http';
import { SignJWT } from 'jose';
import { LEGACY_ROUTES as legacyRoutes } from '../../src/operations/registry.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildDataset, buildRole, buildTenant } from '../factories/tenancy.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { trailLeaks } from '../helpers/audit-isolation.ts';
import { buildServedSchema } from '../../src/graphql/schema.ts';
import { FAMILIES, graphqlSlots, hostileCases, restSlots, type HostileCase } from './support/hostile-cases.ts';
import { CATEGORIES, coveringCases, describeRoutes, generateCase, loadSchema, rootFields, type Case, type Fixtures } from './support/malformed-cases.ts';
import { FULL, Random, report, seedFrom, size, Tally } from './support/stress-env.ts';

const REQUESTS = size('MALFORMED_REQUESTS', 500, 10_000);
/** Hostile values per string input (every one the route table and the served schema have). */
const PER_INPUT = size('MALFORMED_PER_INPUT', 3, 40);
// One at a time on the embedded database: PGlite executes one statement at a time anyway, and
// its socket server mixes up concurrent connections (the service uses one connection there),
// which is not what this suite measures. STRESS_MALFORMED_INFLIGHT=8 exercises that queue.
const IN_FLIGHT = size('MALFORMED_INFLIGHT', onRealPostgres ? 8 : 1, onRealPostgres ? 8 : 1);
const SEED = seedFrom(424_242);
/** STRESS_CASE=<index>: replays that one case of the run (same seed and size) and prints it whole. */
const ONLY = process.env.STRESS_CASE && /^\d+$/.test(process.env.STRESS_CASE) ? Number(process.env.STRESS_CASE) : undefined;

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** Fastify's own JSON shape `{"error","message","statusCode"[,"code"]}`, which it writes when
 * its router (a broken or over-long path) or Node's HTTP parser (headers over 16 KiB, broken
 * HTTP) refuses a request before any handler of ours. The service answers those in the
 * documented shape, so one of these is a failure, tallied by kind. */
function fastifyOwnBody(answer: Answer, body: any): string | null {
  if (!body || typeof body !== 'object' || typeof body.statusCode !== 'number' || !('error' in body)) return null;
  return `${answer.status} ${typeof body.code === 'string' ? body.code : body.error}`;
}

/** Internals that must never reach a caller. */
const LEAK = /node_modules|\.ts:\d+|PrismaClient|prisma\.\w+\(|stacktrace|\bat async\b|Invalid `|ECONNREFUSED|postgres:\/\//;

function isFieldIssue(entry: unknown): boolean {
  if (!entry || typeof entry !== 'object') return false;
  const issue = entry as Record<string, unknown>;
  return typeof issue.type === 'string' && Array.isArray(issue.loc) && issue.loc.every((part) => typeof part === 'string' || typeof part === 'number') && typeof issue.msg === 'string' && 'input' in issue;
}

/** A masked internal error: HTTP >= 500, or a GraphQL INTERNAL_SERVER_ERROR whatever the status. */
function internalError(answer: Answer, body: any): boolean {
  if (answer.status >= 500) return true;
  return Array.isArray(body?.errors) && body.errors.some((error: any) => error?.extensions?.code === 'INTERNAL_SERVER_ERROR');
}

/** Why the answer is not a documented shape, or null when it is. */
function shapeProblem(c: Pick<Case, 'path'>, answer: Answer, body: any): string | null {
  if (LEAK.test(answer.text)) return 'leaks internals';
  if (answer.text === '') return answer.status === 204 ? null : 'empty body';
  if (body === undefined) return 'not JSON';
  const graphqlPath = c.path === '/graphql' || c.path.startsWith('/graphql?');
  // GraphQL over HTTP: a client that accepts application/graphql-response+json gets it.
  const jsonType = /^application\/json/.test(answer.contentType ?? '') || (graphqlPath && /^application\/graphql-response\+json/.test(answer.contentType ?? ''));
  if (!jsonType) return `content-type ${answer.contentType}`;
  // Node's HTTP parser refused the headers before there was a request, so before any path was
  // known: the `{"detail"}` answer is the same on every path, /graphql included.
  if (graphqlPath && !(answer.status === 431 && isDetail(body))) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return 'GraphQL body not an object';
    if ('errors' in body) {
      if (!Array.isArray(body.errors) || !body.errors.length) return 'errors not a non-empty list';
      for (const error of body.errors) {
        if (typeof error?.message !== 'string' || typeof error?.extensions?.code !== 'string') return 'GraphQL error without message and extensions.code';
      }
      return null;
    }
    return body.data && typeof body.data === 'object' ? null : 'neither data nor errors';
  }
  if (answer.status >= 200 && answer.status < 300) return null; // the route's own success body
  if (!body || typeof body !== 'object' || !('detail' in body)) return 'no detail';
  if (Object.keys(body).length !== 1) return `extra keys ${Object.keys(body).join(',')}`;
  if (typeof body.detail === 'string') return null;
  if (Array.isArray(body.detail) && body.detail.length && body.detail.every(isFieldIssue)) return null;
  return 'detail neither a string nor FastAPI issues';
}

function isDetail(body: any): boolean {
  return Boolean(body) && typeof body === 'object' && Object.keys(body).length === 1 && typeof body.detail === 'string';
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

/** Sends the case byte for byte (fetch would normalise paths and refuse some headers). */
function send(baseUrl: URL, c: Pick<Case, 'method' | 'path' | 'headers' | 'body'>, fresh = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...c.headers };
    if (c.body !== undefined && !('transfer-encoding' in headers)) headers['content-length'] = Buffer.byteLength(c.body);
    const req = httpRequest({ host: baseUrl.hostname, port: baseUrl.port, method: c.method, path: c.path, headers, agent: fresh ? false : agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413, 431) and close before the whole body is written: the answer counts.
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    if (c.body !== undefined) req.end(c.body);
    else req.end();
  });
}

let t: TestApp;
let fixtures: Fixtures;

async function token(claims: Record<string, unknown>, options: { secret?: string; alg?: string; exp?: number | string; sub?: string | null } = {}) {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer((claims.iss as string) ?? TEST_JWT.issuer)
    .setAudience((claims.aud as string) ?? TEST_JWT.audience)
    .setIssuedAt();
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? '00000000-0000-4000-8000-000000000000');
  if (options.exp !== undefined) jwt = jwt.setExpirationTime(options.exp);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT.secret));
}

async function buildFixtures(app: TestApp): Promise<Fixtures> {
  const p = app.prisma;
  const owner = await buildUser(p);
  const inactive = await buildUser(p);
  const tenant = await buildTenant(p, { owner, activate: true });
  const role = await buildRole(p, { tenant, name: 'admin', capabilities: ['MANAGE_USERS'] });
  const dataset = await buildDataset(p, { owner, tenant });
  // The owner works in a second tenant too, and starts out acting there: requests that name either
  // tenant move them between the two, and neither trail may name the other (CONTRACT.md §10).
  const foreign = await buildTenant(p, { owner: await buildUser(p) });
  await addMember(p, foreign, owner, { activate: true });
  await buildDataset(p, { owner, tenant: foreign });
  const ownerAuth = await tokenFor(owner);
  // A webhook endpoint of the tenant (turned off: nothing is delivered), so that its delivery log's cursor is reached.
  const endpoint = await p.webhookEndpoint.create({ data: { tenantId: tenant.id, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_bWFsZm9ybWVkLW1hbGZvcm1lZC1tYWxmb3JtZWQtbWFs', enabled: false } });
  const key = await app.http.post('/api/v1/auth/api-keys', { auth: ownerAuth, json: { name: 'malformed' } });
  const revoked = await app.http.post('/api/v1/auth/api-keys', { auth: ownerAuth, json: { name: 'revoked' } });
  await app.http.delete(`/api/v1/auth/api-keys/${revoked.body.id}`, { auth: ownerAuth });
  const inactiveAuth = await tokenFor(inactive);
  const inactiveKey = await app.http.post('/api/v1/auth/api-keys', { auth: inactiveAuth, json: { name: 'inactive' } });
  await p.user.update({ where: { id: inactive.id }, data: { isActive: false } });
  if (key.status !== 201 || revoked.status !== 201 || inactiveKey.status !== 201) throw new Error('arranging API keys failed');

  const valid = ownerAuth.token;
  const [header, payload] = valid.split('.');
  const now = Math.floor(Date.now() / 1000);
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const bad: Fixtures['bad'] = [
    ...['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNzd29yZA==', `Token ${valid}`, `Bearer ${valid} trailing`, `Bearer  ${'a'.repeat(8_000)}`, 'Bearer null', 'Bearer undefined', `Bearer ${valid.replace(/\./g, ' ')}`, 'Digest username="a"', `${valid}`].map(
      (value) => ({ label: `authorization ${JSON.stringify(value.slice(0, 30))}`, headers: { authorization: value }, category: 'auth-header' as const }),
    ),
    { label: 'expired token', headers: bearer(await token({}, { sub: owner.id, exp: now - 3600 })), category: 'token' },
    { label: 'token signed with another secret', headers: bearer(await token({}, { sub: owner.id, exp: '1h', secret: 'another-secret-that-is-long-enough-for-hs256-xx' })), category: 'token' },
    { label: 'token with alg none', headers: bearer(`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`), category: 'token' },
    { label: 'token signed HS512', headers: bearer(await token({}, { sub: owner.id, exp: '1h', alg: 'HS512' })), category: 'token' },
    { label: 'token for another issuer', headers: bearer(await token({ iss: 'evil' }, { sub: owner.id, exp: '1h' })), category: 'token' },
    { label: 'token for another audience', headers: bearer(await token({ aud: 'evil' }, { sub: owner.id, exp: '1h' })), category: 'token' },
    { label: 'token without exp', headers: bearer(await token({}, { sub: owner.id })), category: 'token' },
    { label: 'token without sub', headers: bearer(await token({}, { sub: null, exp: '1h' })), category: 'token' },
    { label: 'token whose sub is not a UUID', headers: bearer(await token({}, { sub: "x' OR 1=1 --", exp: '1h' })), category: 'token' },
    { label: 'token for an unknown user', headers: bearer(await token({}, { exp: '1h' })), category: 'token' },
    { label: 'token of an inactive user', headers: bearer(inactiveAuth.token), category: 'token' },
    { label: 'token with a tampered payload', headers: bearer(`${header}.${Buffer.from(JSON.stringify({ sub: inactive.id, exp: now + 999 })).toString('base64url')}.${valid.split('.')[2]}`), category: 'token' },
    { label: 'truncated token', headers: bearer(valid.slice(0, -5)), category: 'token' },
    { label: 'token that is not base64', headers: bearer('!!!.@@@.###'), category: 'token' },
    { label: 'token with a huge payload', headers: bearer(await token({ pad: 'x'.repeat(6_000) }, { sub: owner.id, exp: '1h' })), category: 'token' },
    ...['x', 'tnt_', 'tnt_short', `tnt_${'a'.repeat(200)}`, `TNT_${key.body.key.slice(4)}`, key.body.key.slice(0, -1), `${key.body.key}x`, revoked.body.key, inactiveKey.body.key, `  ${revoked.body.key}  `].map((value, i) => ({
      label: ['garbage key', 'prefix only', 'short key', 'over-long key', 'upper-case prefix', 'truncated key', 'key plus a character', 'revoked key', 'key of an inactive user', 'revoked key with spaces'][i],
      headers: { 'x-api-key': value },
      category: 'api-key' as const,
    })),
    { label: 'valid bearer and a revoked key', headers: { ...bearer(valid), 'x-api-key': revoked.body.key }, category: 'api-key' },
    { label: 'expired bearer and a valid key', headers: { ...bearer(await token({}, { sub: owner.id, exp: now - 10 })), 'x-api-key': key.body.key }, category: 'api-key' },
  ];
  return {
    ids: { user: owner.id, tenant: tenant.id, foreignTenant: foreign.id, role: role.id, dataset: dataset.id, apiKey: key.body.id, endpoint: endpoint.id },
    good: [bearer(valid), { 'x-api-key': key.body.key }],
    bad,
  };
}

beforeAll(async () => {
  t = await startTestApp({ mode: 'production' });
  fixtures = await buildFixtures(t);
});
afterAll(async () => {
  agent.destroy();
  await t?.close();
});

describe(`malformed requests (${FULL ? 'full' : 'small'}: ${REQUESTS}, seed ${SEED})`, () => {
  it(
    'answers every one below 500, in a documented shape',
    async () => {
      console.log(`stress/malformed-input: seed ${SEED} (replay with STRESS_SEED=${SEED}), ${REQUESTS} requests, ${IN_FLIGHT} in flight`);
      const rng = new Random(SEED);
      const routes = describeRoutes(legacyRoutes);
      const roots = rootFields(loadSchema());
      // Generated up front from the seed alone: case i is the same on every run with this seed.
      const covering = coveringCases(rng, fixtures, routes, roots);
      const cases = [...covering, ...Array.from({ length: Math.max(0, REQUESTS - covering.length) }, () => generateCase(rng, fixtures, routes, roots))];
      const base = new URL(t.http.baseUrl);
      const byCategory: Record<string, Tally> = Object.fromEntries(CATEGORIES.map((category) => [category, new Tally()]));
      const statuses = new Tally();
      const targets = new Tally();
      const fastifyBodies = new Tally();
      const retried = new Tally();
      const internals = new Tally();
      const failures: { index: number; category: string; label: string; target: string; method: string; path: string; status: number; problem: string; body: string }[] = [];
      const started = performance.now();
      if (ONLY !== undefined) {
        const c = cases[ONLY];
        const answer = await send(base, c, true);
        console.log(`case ${ONLY}: ${JSON.stringify({ ...c, body: typeof c.body === 'string' ? c.body.slice(0, 2_000) : c.body && `<${c.body.length} bytes>` }, null, 2)}\n→ ${answer.status} ${answer.contentType}\n${answer.text.slice(0, 5_000)}`);
        return;
      }
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const index = next++;
          const c = cases[index];
          targets.add(c.target);
          let answer: Answer;
          try {
            answer = await send(base, c).catch((error: unknown) => {
              // A kept-alive socket the server closed after an earlier answer (413, 431 close the
              // connection): the same request again on a new connection. Counted.
              retried.add(c.category);
              void error;
              return send(base, c, true);
            });
          } catch (error) {
            byCategory[c.category].add('transport error');
            failures.push({ index, category: c.category, label: c.label, target: c.target, method: c.method, path: c.path.slice(0, 200), status: 0, problem: `transport: ${(error as Error).message}`, body: '' });
            continue;
          }
          statuses.add(String(answer.status));
          byCategory[c.category].add(String(answer.status));
          let body: any;
          try {
            body = answer.text ? JSON.parse(answer.text) : undefined;
          } catch {
            body = undefined;
          }
          const internal = internalError(answer, body);
          if (internal) internals.add(c.category);
          const fastifyBody = fastifyOwnBody(answer, body);
          if (fastifyBody) fastifyBodies.add(fastifyBody);
          const problem = internal ? `internal error (HTTP ${answer.status})` : fastifyBody ? `Fastify's own body (${fastifyBody})` : shapeProblem(c, answer, body);
          if (problem) failures.push({ index, category: c.category, label: c.label, target: c.target, method: c.method, path: c.path.slice(0, 200), status: answer.status, problem, body: answer.text.slice(0, 300) });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      const wallMs = performance.now() - started;

      const coveredRoutes = new Set(routes.map((r) => `${r.route.method} ${r.route.url}`).filter((target) => targets.get(target) > 0));
      const coveredFields = new Set(roots.map((r) => `graphql ${r.operation} ${r.field.name}`).filter((target) => targets.get(target) > 0));
      const fiveHundreds = Object.entries(statuses.counts).filter(([status]) => Number(status) >= 500).reduce((sum, [, n]) => sum + n, 0);
      report('malformed-input', {
        seed: SEED,
        requests: REQUESTS,
        inFlight: IN_FLIGHT,
        wallSeconds: Math.round(wallMs / 100) / 10,
        requestsPerSecond: Math.round(REQUESTS / (wallMs / 1000)),
        statuses: statuses.sorted(),
        responses500OrMore: fiveHundreds,
        internalErrorsByCategory: internals.sorted(),
        byCategory: Object.fromEntries(Object.entries(byCategory).map(([category, tally]) => [category, { total: tally.total(), ...tally.sorted() }])),
        restRoutesCovered: `${coveredRoutes.size}/${routes.length}`,
        graphqlFieldsCovered: `${coveredFields.size}/${roots.length}`,
        fastifyOwnBodies: fastifyBodies.sorted(),
        retriedOnNewConnection: retried.sorted(),
        failureCount: failures.length,
        failureGroups: Object.entries(
          failures.reduce<Record<string, { count: number; example: number }>>((groups, f) => {
            const key = `${f.category} | ${f.problem} | ${f.label.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<uuid>').slice(0, 48)}`;
            groups[key] = { count: (groups[key]?.count ?? 0) + 1, example: groups[key]?.example ?? f.index };
            return groups;
          }, {}),
        ).map(([group, { count, example }]) => ({ group, count, exampleCase: example })),
        failures: failures.slice(0, 40),
      });

      expect(failures.slice(0, 20)).toEqual([]);
      expect(fiveHundreds).toBe(0);
      expect(internals.total()).toBe(0);
      expect((await trailLeaks(t.http, t.prisma)).leaks).toEqual([]);
      expect(fastifyBodies.sorted()).toEqual({});
      // Every route and every root field was aimed at (small runs too: 500 requests cover 28 targets).
      expect(routes.map((r) => `${r.route.method} ${r.route.url}`).filter((target) => !coveredRoutes.has(target))).toEqual([]);
      expect(roots.map((r) => `graphql ${r.operation} ${r.field.name}`).filter((target) => !coveredFields.has(target))).toEqual([]);
    },
    FULL ? 600_000 : 120_000,
  );

  it(
    'answers hostile text and identifiers in every string input below 500, refusing what cannot be stored',
    async () => {
      const rng = new Random(SEED + 1);
      const routes = describeRoutes(legacyRoutes);
      const rest = restSlots(routes);
      const { slots: gql, unreached } = graphqlSlots(await buildServedSchema());
      const cases = hostileCases([...rest, ...gql], PER_INPUT, rng, fixtures);
      console.log(`stress/malformed-input (hostile): seed ${SEED + 1}, ${cases.length} requests = ${rest.length} REST + ${gql.length} GraphQL inputs × ${PER_INPUT}`);
      const base = new URL(t.http.baseUrl);
      const byFamily: Record<string, Tally> = Object.fromEntries(FAMILIES.map((family) => [family, new Tally()]));
      const byCarrier = new Tally();
      const statuses = new Tally();
      const refusedAsRequired = new Tally();
      const failures: { index: number; family: string; slot: string; label: string; status: number; problem: string; body: string }[] = [];
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const index = next++;
          const c = cases[index];
          let answer: Answer;
          try {
            answer = await send(base, c).catch(() => send(base, c, true));
          } catch (error) {
            failures.push({ index, family: c.family, slot: c.slot, label: c.label, status: 0, problem: `transport: ${(error as Error).message}`, body: '' });
            continue;
          }
          statuses.add(String(answer.status));
          byFamily[c.family].add(String(answer.status));
          byCarrier.add(`${c.carrier} ${answer.status}`);
          let body: any;
          try {
            body = answer.text ? JSON.parse(answer.text) : undefined;
          } catch {
            body = undefined;
          }
          const problem = internalError(answer, body) ? `internal error (HTTP ${answer.status})` : (shapeProblem(c, answer, body) ?? refusalProblem(c, answer, body));
          if (!problem && c.expect === 'refused') refusedAsRequired.add(c.family);
          if (problem) failures.push({ index, family: c.family, slot: c.slot, label: c.label, status: answer.status, problem, body: answer.text.slice(0, 300) });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      const wallMs = performance.now() - started;
      const fiveHundreds = Object.entries(statuses.counts).filter(([status]) => Number(status) >= 500).reduce((sum, [, n]) => sum + n, 0);
      report('malformed-input-hostile', {
        seed: SEED + 1,
        requests: cases.length,
        perInput: PER_INPUT,
        inputs: { rest: rest.length, graphql: gql.length },
        wallSeconds: Math.round(wallMs / 100) / 10,
        statuses: statuses.sorted(),
        responses500OrMore: fiveHundreds,
        byFamily: Object.fromEntries(Object.entries(byFamily).map(([family, tally]) => [family, { total: tally.total(), ...tally.sorted() }])),
        refusedAsRequired: refusedAsRequired.sorted(),
        byCarrier: byCarrier.sorted(),
        unreachedGraphQLInputs: unreached,
        failureCount: failures.length,
        failures: failures.slice(0, 40),
      });
      expect(failures.slice(0, 20)).toEqual([]);
      expect(fiveHundreds).toBe(0);
      expect((await trailLeaks(t.http, t.prisma)).leaks).toEqual([]);
      // Every string argument of the schema is reached by some query (extend pathsFromQuery if not).
      expect(unreached).toEqual([]);
      for (const family of FAMILIES) expect({ family, sent: byFamily[family].total() > 0 }).toEqual({ family, sent: true });
    },
    FULL ? 900_000 : 180_000,
  );
});

const REFUSAL_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);
const REST_REFUSAL: Partial<Record<HostileCase['family'], string>> = { nul: 'string_unicode', surrogate: 'string_unicode', 'uuid-variant': 'uuid_parsing' };

/** For a case the service must refuse: GraphQL names it BAD_USER_INPUT (or a validation or
 * parse error, for a literal); REST answers 422 naming the kind of problem. */
function refusalProblem(c: HostileCase, answer: Answer, body: any): string | null {
  if (c.expect !== 'refused') return null;
  if (c.path === '/graphql') {
    const codes: unknown[] = (body?.errors ?? []).map((error: any) => error?.extensions?.code);
    return codes.some((code) => REFUSAL_CODES.has(code as string)) ? null : `not refused (HTTP ${answer.status}, ${codes.join(',') || 'no errors'})`;
  }
  if (answer.status !== 422) return `not refused (HTTP ${answer.status})`;
  const wanted = REST_REFUSAL[c.family];
  const types: unknown[] = Array.isArray(body?.detail) ? body.detail.map((issue: any) => issue.type) : [];
  return !wanted || types.includes(wanted) ? null : `422 without ${wanted} (${types.join(',')})`;
}
