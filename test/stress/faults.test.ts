// Database faults under load, on real PostgreSQL only. The real service runs
// as a child process on a database of its own while randomized administration hits both doors:
//  1. its connections are killed with pg_terminate_backend (that database's only) again and again;
//  2. (full run only: it stops the one PostgreSQL server everybody on this machine shares)
//     PostgreSQL is stopped and started again.
// Asserted: no 500 and no crash (faults answer 503 with Retry-After, /ready turns false), no
// partial writes (the invariants hold, audit events match the writes that answered success),
// and recovery without restarting the service.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/db/connection.ts';
import { connectDatabase, type Database } from '../../src/db/database.ts';
import { createMigratedDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { authHeaders } from '../helpers/http.ts';
import { checkInvariants } from '../helpers/invariants.ts';
import { killAllServices, ServiceProcess } from '../helpers/service-process.ts';
import { AUDIT_ACTION, byOpSummary, OPS, percentile, runLoad, seedWorld, type LoadResult, type Outcome, type World } from './support/admin-load.ts';
import { serviceEnv } from './support/service-env.ts';
import { announce, FULL, Random, report, seedFrom, size, sleep, Tally } from './support/stress-env.ts';
import { describeOnPostgres, sayWhySkippedOnEmbedded } from '../helpers/races.ts';

const run = promisify(execFile);

const TERMINATE_SECONDS = size('FAULTS_TERMINATE_SECONDS', 6, 40);
// More requests in flight than the service's pool has connections (10): requests queue for a
// connection, which is when a backend terminated without a listener on its client would crash
// the process.
const CONCURRENCY = size('FAULTS_INFLIGHT', 16, 16);
const DOWN_SECONDS = size('FAULTS_DOWN_SECONDS', 5, 5);
// As many in flight as the terminate case: a fast shutdown sends every backend the same 57P01.
const RESTART_INFLIGHT = size('FAULTS_RESTART_INFLIGHT', 16, 16);
const SEED = seedFrom(6_000_006);

sayWhySkippedOnEmbedded('stress/faults', 'the faults are PostgreSQL server faults');
const itWhenFull = FULL ? it : it.skip;
if (onRealPostgres && !FULL) {
  announce('stress/faults: the PostgreSQL stop/start case runs only with STRESS=1 (it stops the server every test on this machine shares).');
}

const NOT_UNAVAILABLE_REST = new Set([200, 201, 400, 403, 404, 409]);
const NOT_UNAVAILABLE_GRAPHQL = new Set(['ok', 'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

/** A 503 the contract promises: REST `{"detail":"Service unavailable"}` + Retry-After; GraphQL
 * SERVICE_UNAVAILABLE with HTTP 503 + Retry-After, whether the database failed before execution
 * or inside a resolver. */
function isDocumentedUnavailable(outcome: Outcome): boolean {
  if (outcome.door === 'rest') return outcome.status === 503 && !!outcome.retryAfter && (outcome.body as { detail?: unknown })?.detail === 'Service unavailable';
  return outcome.code === 'SERVICE_UNAVAILABLE' && outcome.status === 503 && !!outcome.retryAfter;
}
function isUnavailable(outcome: Outcome): boolean {
  return outcome.status === 503 || outcome.code === 'SERVICE_UNAVAILABLE';
}
function isUnexpected(outcome: Outcome): boolean {
  if (isDocumentedUnavailable(outcome)) return false;
  if (outcome.status === 0 || outcome.status >= 500) return true;
  if (outcome.door === 'rest') return !NOT_UNAVAILABLE_REST.has(outcome.status);
  return outcome.status !== 200 || !NOT_UNAVAILABLE_GRAPHQL.has(outcome.code);
}

const adminServer = () => parseDatabaseUrl(process.env.TEST_DATABASE_URL!);
const CLUSTER = onRealPostgres ? (readdirSync('/etc/postgresql').find((name) => /^\d+$/.test(name)) ?? '15') : '15';

async function postgresAnswers(): Promise<boolean> {
  const client = new Client({ ...adminServer(), connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the cluster if it is not answering, and waits until it does (never leave it stopped). */
async function ensurePostgresRunning(): Promise<void> {
  if (await postgresAnswers()) return;
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', CLUSTER, 'main', 'start']).catch((error: unknown) => {
    console.error('stress/faults: pg_ctlcluster start failed', error);
  });
  for (let i = 0; i < 120; i++) {
    if (await postgresAnswers()) return;
    await sleep(500);
  }
  throw new Error(`PostgreSQL ${CLUSTER}/main is not answering: start it with pg_ctlcluster --skip-systemctl-redirect ${CLUSTER} main start`);
}

let database: TestDatabase;
let service: ServiceProcess;
let world: World;
const rng = new Random(SEED);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A short-lived checker connection: opened after the faults, so it is never one of the victims. */
async function withChecker<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = connectDatabase(database.connection, { server: database.kind, poolSize: 2 }, quiet);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function auditCounts(): Promise<{ total: number; byAction: Record<string, number> }> {
  return withChecker(async (db) => {
    const rows = await db.prisma.$queryRaw<{ action: string; n: bigint }[]>`SELECT action, count(*) AS n FROM audit_events GROUP BY action`;
    const byAction = Object.fromEntries(rows.map((row) => [row.action, Number(row.n)]));
    return { total: Object.values(byAction).reduce((sum, n) => sum + n, 0), byAction };
  });
}

/** Every successful write wrote exactly its audit event; a write whose answer was 503 or never
 * came (the connection can die after COMMIT, the process can die before answering) may or may not
 * have committed, so it is allowed either way. Anything else would be a partial or phantom write. */
function auditBounds(load: LoadResult, ambiguous: Tally, before: Record<string, number>, after: Record<string, number>) {
  return OPS.map((kind) => {
    const action = AUDIT_ACTION[kind];
    const written = (after[action] ?? 0) - (before[action] ?? 0);
    const ok = load.successes.get(kind);
    return { kind, ok, ambiguous: ambiguous.get(kind), written, consistent: written >= ok && written <= ok + ambiguous.get(kind) };
  });
}

/** What both fault cases report after their load: answers, writes against audit events, the
 * invariants and the service process. */
function outcomeFigures(o: {
  load: LoadResult;
  unavailable: Tally;
  unavailableShapes: Tally;
  eventsWritten: number;
  bounds: ReturnType<typeof auditBounds>;
  violations: unknown[];
  service: ServiceProcess;
  serverErrors: unknown[];
}) {
  return {
    successfulWrites: o.load.successes.total(),
    ambiguousAnswers: o.unavailable.total(),
    unavailableShapes: o.unavailableShapes.sorted(),
    auditEventsWritten: o.eventsWritten,
    auditBounds: o.bounds,
    invariantViolations: o.violations,
    processAlive: o.service.alive,
    processExit: o.service.exit ?? null,
    processLogWhenDead: o.service.alive ? undefined : o.service.describe(),
    unexpected: o.load.unexpected.map(({ kind, door, status, code, retryAfter, body }) => ({ kind, door, status, code, retryAfter, body })),
    serverErrorLogs: o.serverErrors.slice(0, 10),
  };
}

/** First 503 and the first 200 after it, from the /ready poller's changes. */
function readyWindow(changes: { status: number; atMs: number }[]): { downMs: number; backAtMs: number } {
  const down = changes.findIndex((change) => change.status === 503);
  const back = changes.findIndex((change, i) => i > down && change.status === 200);
  if (down < 0 || back < 0) return { downMs: -1, backAtMs: -1 };
  return { downMs: changes[back].atMs - changes[down].atMs, backAtMs: changes[back].atMs };
}

interface Probe {
  status: number;
  retryAfter: string | null;
  body: unknown;
  error?: string;
}

/** One request to the service; a transport failure is an answer too (status 0), not a throw. */
async function probe(method: string, path: string, options: { headers?: Record<string, string>; json?: unknown; body?: string } = {}): Promise<Probe> {
  try {
    const headers = { ...options.headers, ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) };
    const body = options.json === undefined ? options.body : JSON.stringify(options.json);
    const response = await fetch(service.baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: parsed };
  } catch (error) {
    return { status: 0, retryAfter: null, body: null, error: String((error as { cause?: unknown }).cause ?? error) };
  }
}

/** The service serves again: `count` consecutive authenticated requests answered 200. The
 * outcome says whether that happened (the assertion) and, for the report, after how long; the
 * deadline only keeps a service that never recovers from hanging the suite. */
interface Recovery {
  consecutiveOk: number;
  /** Why the wait ended without them. */
  gaveUp: 'process exited' | 'deadline passed' | null;
  lastStatus: number | null;
  ms: number;
}
async function recovery(since: number, count = 10, deadlineMs = 120_000): Promise<Recovery> {
  const user = world.users[0];
  let streak = 0;
  let lastStatus: number | null = null;
  let gaveUp: Recovery['gaveUp'] = null;
  while (streak < count && !gaveUp) {
    if (!service.alive) gaveUp = 'process exited';
    else if (performance.now() - since > deadlineMs) gaveUp = 'deadline passed';
    else {
      const response = await fetch(`${service.baseUrl}/api/v1/auth/me`, { headers: authHeaders(user.jwt), signal: AbortSignal.timeout(30_000) }).catch(() => null);
      lastStatus = response?.status ?? null;
      streak = response?.status === 200 ? streak + 1 : 0;
      if (!streak) await sleep(20);
    }
  }
  return { consecutiveOk: streak, gaveUp, lastStatus, ms: Math.round(performance.now() - since) };
}

describeOnPostgres(`database faults under load (${FULL ? 'full' : 'small'}, seed ${SEED})`, () => {
  beforeAll(async () => {
    database = await createMigratedDatabase();
    service = new ServiceProcess('service', await serviceEnv(database));
    await service.started();
    await withChecker(async (db) => {
      world = await seedWorld(db.prisma, service.baseUrl, rng, { tenants: 6, users: 24 });
    });
  }, 120_000);

  afterAll(async () => {
    await ensurePostgresRunning();
    await service?.stop();
    await killAllServices();
    await database?.drop();
  });

  it(
    'pg_terminate_backend on the service connections during load: 503 or success, never 500; no partial writes; recovers at once',
    async () => {
      console.log(`stress/faults: seed ${SEED}, ${TERMINATE_SECONDS} s of load with ${CONCURRENCY} in flight while the service's backends are terminated`);
      const before = await auditCounts();
      const killer = new Client(adminServer());
      await killer.connect();
      const unavailable = new Tally();
      const unavailableShapes = new Tally();
      let stop = false;
      let rounds = 0;
      let terminated = 0;
      let lastKill = performance.now();
      const kills = (async () => {
        while (!stop) {
          await sleep(200 + rng.int(600));
          // Only this test's database: nothing else on the server is touched.
          const { rows } = await killer.query<{ n: string }>(
            `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
            [database.connection.database],
          );
          rounds++;
          terminated += Number(rows[0].n);
          lastKill = performance.now();
        }
      })();
      const deadline = performance.now() + TERMINATE_SECONDS * 1000;
      const load = await runLoad({
        world,
        rng,
        baseUrls: () => [service.baseUrl],
        concurrency: CONCURRENCY,
        until: () => performance.now() > deadline,
        isUnexpected,
        onOutcome: (outcome) => {
          if (isUnavailable(outcome) || outcome.status === 0) unavailable.add(outcome.kind);
          if (isUnavailable(outcome)) unavailableShapes.add(`${outcome.door} HTTP ${outcome.status} ${outcome.retryAfter ? 'with' : 'without'} Retry-After`);
        },
      });
      stop = true;
      await kills;
      await killer.end();
      const recovered = await recovery(lastKill);

      const after = await auditCounts();
      const bounds = auditBounds(load, unavailable, before.byAction, after.byAction);
      const violations = await withChecker((db) => checkInvariants(db.prisma));
      const ready = await fetch(`${service.baseUrl}/ready`).catch(() => ({ status: 0 }));
      const serverErrors = service.errors();
      report('faults-terminate', {
        seed: SEED,
        seconds: TERMINATE_SECONDS,
        concurrency: CONCURRENCY,
        killRounds: rounds,
        backendsTerminated: terminated,
        opsRun: load.ops,
        opsPerSecond: Math.round(load.ops / (load.wallMs / 1000)),
        latencyMs: { p50: percentile(load.latencies, 50), p99: percentile(load.latencies, 99), max: percentile(load.latencies, 100) },
        statuses: load.byStatus.sorted(),
        byOperation: byOpSummary(load),
        recoveryMsAfterLastKill: recovered.gaveUp ? null : recovered.ms,
        readyAfter: ready.status,
        ...outcomeFigures({ load, unavailable, unavailableShapes, eventsWritten: after.total - before.total, bounds, violations, service, serverErrors }),
      });

      expect({ alive: service.alive, exit: service.exit ?? null }).toEqual({ alive: true, exit: null });
      expect(recovered).toMatchObject({ consecutiveOk: 10, gaveUp: null });
      expect(terminated).toBeGreaterThan(0);
      expect(load.unexpected).toEqual([]);
      expect(violations).toEqual([]);
      expect(bounds.filter((bound) => !bound.consistent)).toEqual([]);
      expect(service.alive).toBe(true);
      expect(ready.status).toBe(200);
      expect(serverErrors).toEqual([]);
    },
    FULL ? 300_000 : 90_000,
  );

  itWhenFull(
    'PostgreSQL stopped and started under load: 503 + Retry-After and /ready false while down, back without a restart',
    async () => {
      // If the first case killed the process, this one still measures a stop/start, on a new one
      // (the first case has already failed for the crash).
      const replacedDeadService = !service.alive;
      if (replacedDeadService) {
        service = new ServiceProcess('service (replacement)', await serviceEnv(database));
        await service.started();
      }
      // Stop nobody's database for nothing: the service must be healthy first.
      expect((await probe('GET', '/ready')).status).toBe(200);
      const before = await auditCounts();
      const unavailable = new Tally();
      const unavailableShapes = new Tally();
      const user = world.users[0];
      const token = authHeaders(user.jwt);
      const timeline: { event: string; atMs: number }[] = [];
      const t0 = performance.now();
      const mark = (event: string) => timeline.push({ event, atMs: Math.round(performance.now() - t0) });

      // /ready every 100 ms, remembering when it changes.
      let polling = true;
      let lastReady: number | undefined;
      const readyChanges: { status: number; atMs: number }[] = [];
      const poller = (async () => {
        while (polling) {
          const { status } = await probe('GET', '/ready');
          if (status !== lastReady) readyChanges.push({ status, atMs: Math.round(performance.now() - t0) });
          lastReady = status;
          await sleep(100);
        }
      })();
      let loadOn = true;
      const loading = runLoad({
        world,
        rng,
        baseUrls: () => [service.baseUrl],
        concurrency: RESTART_INFLIGHT,
        until: () => !loadOn,
        isUnexpected,
        onOutcome: (outcome) => {
          if (isUnavailable(outcome) || outcome.status === 0) unavailable.add(outcome.kind);
          if (isUnavailable(outcome)) unavailableShapes.add(`${outcome.door} HTTP ${outcome.status} ${outcome.retryAfter ? 'with' : 'without'} Retry-After`);
        },
      });

      const whileDown: Record<string, Probe> = {};
      let readyAgainMs = -1;
      let recovered: Recovery = { consecutiveOk: 0, gaveUp: null, lastStatus: null, ms: 0 };
      let write: Probe = { status: 0, retryAfter: null, body: null };
      let load: LoadResult;
      try {
        await sleep(1_000);
        let startedAt = 0;
        try {
          mark('stop requested');
          await run('pg_ctlcluster', ['--skip-systemctl-redirect', CLUSTER, 'main', 'stop', '-m', 'fast']);
          mark('stopped');
          await sleep(500);
          whileDown.restMe = await probe('GET', '/api/v1/auth/me', { headers: token });
          whileDown.graphqlMe = await probe('POST', '/graphql', { headers: token, json: { query: '{ me { id } }' } });
          whileDown.restLogin = await probe('POST', '/api/v1/auth/login', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'username=nobody%40example.test&password=whatever-long',
          });
          whileDown.graphqlLogin = await probe('POST', '/graphql', { json: { query: 'mutation { login(email: "nobody@example.test", password: "whatever-long") { accessToken } }' } });
          whileDown.ready = await probe('GET', '/ready');
          whileDown.health = await probe('GET', '/health');
          await sleep(Math.max(0, DOWN_SECONDS * 1000 - 500));
        } finally {
          mark('start requested');
          await ensurePostgresRunning();
          startedAt = performance.now();
          mark('started (answers SQL)');
        }
        while (service.alive && performance.now() - startedAt < 60_000) {
          if ((await probe('GET', '/ready')).status === 200) {
            readyAgainMs = Math.round(performance.now() - startedAt);
            break;
          }
          await sleep(50);
        }
        mark('/ready 200');
        recovered = await recovery(startedAt);
        mark('10 consecutive requests succeed');
        write = await probe('POST', '/graphql', { headers: token, json: { query: 'mutation { selectTenant(tenantId: null) { id } }' } });
        await sleep(1_000);
      } finally {
        loadOn = false;
        load = await loading;
        polling = false;
        await poller;
      }

      const after = await auditCounts();
      // The direct write above is one more success of selectTenant.
      const wrote = !!(write.body as { data?: unknown } | null)?.data;
      if (wrote) load.successes.add('selectTenant');
      const bounds = auditBounds(load, unavailable, before.byAction, after.byAction);
      const violations = await withChecker((db) => checkInvariants(db.prisma));
      const serverErrors = service.errors();
      report('faults-restart', {
        seed: SEED,
        replacedDeadService,
        downSeconds: DOWN_SECONDS,
        concurrency: RESTART_INFLIGHT,
        timeline,
        readyChanges,
        whileDown,
        readyAgainMsAfterStart: readyAgainMs,
        // From the timeline: how long /ready said 503, and when it said 200 again after the start command.
        readyDownMs: readyWindow(readyChanges).downMs,
        readyBackMsAfterStartRequested: readyWindow(readyChanges).backAtMs - (timeline.find((e) => e.event === 'start requested')?.atMs ?? 0),
        recoveryMsAfterStart: recovered.gaveUp ? null : recovered.ms,
        firstWriteAfterRecovery: write,
        opsRun: load.ops,
        statuses: load.byStatus.sorted(),
        ...outcomeFigures({ load, unavailable, unavailableShapes, eventsWritten: after.total - before.total, bounds, violations, service, serverErrors }),
      });

      expect({ alive: service.alive, exit: service.exit ?? null }).toEqual({ alive: true, exit: null });
      expect(whileDown).toMatchObject({
        restMe: { status: 503, retryAfter: expect.any(String), body: { detail: 'Service unavailable' } },
        graphqlMe: { status: 503, retryAfter: expect.any(String), body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } },
        restLogin: { status: 503, retryAfter: expect.any(String), body: { detail: 'Service unavailable' } },
        graphqlLogin: { status: 503, retryAfter: expect.any(String), body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } },
        ready: { status: 503, retryAfter: expect.any(String), body: { ready: false } },
        health: { status: 200 },
      });
      expect(readyChanges.some((change) => change.status === 503)).toBe(true);
      expect(readyAgainMs).toBeGreaterThanOrEqual(0);
      expect(recovered).toMatchObject({ consecutiveOk: 10, gaveUp: null });
      expect(wrote).toBe(true);
      expect(load.unexpected).toEqual([]);
      expect(violations).toEqual([]);
      expect(bounds.filter((bound) => !bound.consistent)).toEqual([]);
      expect(serverErrors).toEqual([]);
    },
    300_000,
  );
});
