// Two real service processes on ONE PostgreSQL database, randomized tenant
// administration through both doors (REST and GraphQL, JWT and API key) against both processes
// at once, then SQL over the whole database: the contract's invariants, one owner per tenant who
// is a member, active tenants are memberships, and one audit event per successful write (per
// action), and every tenant's audit trail, read as its owner, naming none of another tenant's
// objects (users work in several tenants and switch between them). No 5xx at any point.
// Small by default (`npm test`), full with STRESS=1.
import type { Database } from '../../src/db/database.ts';
import { checkInvariants } from '../helpers/invariants.ts';
import { trailLeaks } from '../helpers/audit-isolation.ts';
import { HttpClient } from '../helpers/http.ts';
import { startServicePair, type ServicePair } from '../helpers/service-pair.ts';
import type { ServiceProcess } from '../helpers/service-process.ts';
import { AUDIT_ACTION, byOpSummary, OPS, percentile, runLoad, seedWorld, type Outcome } from './support/admin-load.ts';
import { FULL, Random, report, seedFrom, size } from './support/stress-env.ts';
import { describeOnPostgres, sayWhySkippedOnEmbedded } from '../helpers/races.ts';

const OPS_TOTAL = size('CONCURRENCY_OPS', 300, 10_000);
const CONCURRENCY = size('CONCURRENCY_INFLIGHT', 16, 24);
const TENANTS = size('CONCURRENCY_TENANTS', 4, 10);
const USERS = size('CONCURRENCY_USERS', 16, 40);
const SEED = seedFrom(20_261_128);

sayWhySkippedOnEmbedded('stress/concurrency');

/** Answers the contract allows under load with no faults: success, or a domain refusal. */
const EXPECTED_REST = new Set([200, 201, 400, 403, 404, 409]);
const EXPECTED_GRAPHQL = new Set(['ok', 'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
function isUnexpected(outcome: Outcome): boolean {
  if (outcome.status === 0 || outcome.status >= 500) return true;
  if (outcome.door === 'rest') return !EXPECTED_REST.has(outcome.status);
  return outcome.status !== 200 || !EXPECTED_GRAPHQL.has(outcome.code);
}

let pair: ServicePair | undefined;
let db: Database;
let services: ServiceProcess[] = [];

describeOnPostgres(`two service processes on one database (${FULL ? 'full' : 'small'}: ${OPS_TOTAL} ops, seed ${SEED})`, () => {
  beforeAll(async () => {
    pair = await startServicePair();
    ({ db, services } = pair);
  }, 120_000);

  afterAll(() => pair?.stop());

  it(
    'keeps every invariant, writes one audit event per successful write, and answers no 5xx',
    async () => {
      console.log(`stress/concurrency: seed ${SEED} (replay with STRESS_SEED=${SEED}), ${OPS_TOTAL} ops, ${CONCURRENCY} in flight, ${TENANTS} tenants, ${USERS} users`);
      const rng = new Random(SEED);
      const world = await seedWorld(db.prisma, services[0].baseUrl, rng, { tenants: TENANTS, users: USERS });
      const auditBefore = await db.prisma.auditEvent.count();
      const urls = services.map((service) => service.baseUrl);

      const load = await runLoad({ world, rng, baseUrls: () => urls, concurrency: CONCURRENCY, total: OPS_TOTAL, isUnexpected });

      // SQL over the whole database, after the dust settles.
      const violations = await checkInvariants(db.prisma);
      const trails = await trailLeaks(new HttpClient(services[0].baseUrl), db.prisma);
      const [owners] = await db.prisma.$queryRaw<{ tenants: bigint; without_owner: bigint; owner_not_member: bigint }[]>`
        SELECT count(*) AS tenants,
               count(*) FILTER (WHERE t.owner_id IS NULL) AS without_owner,
               count(*) FILTER (WHERE m.user_id IS NULL) AS owner_not_member
        FROM tenants t LEFT JOIN memberships m ON m.user_id = t.owner_id AND m.tenant_id = t.id`;
      const [active] = await db.prisma.$queryRaw<{ active: bigint; not_member: bigint }[]>`
        SELECT count(*) FILTER (WHERE u.active_tenant_id IS NOT NULL) AS active,
               count(*) FILTER (WHERE u.active_tenant_id IS NOT NULL AND m.user_id IS NULL) AS not_member
        FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = u.active_tenant_id`;
      const auditRows = await db.prisma.$queryRaw<{ action: string; n: bigint }[]>`SELECT action, count(*) AS n FROM audit_events GROUP BY action`;
      const auditByAction = Object.fromEntries(auditRows.map((row) => [row.action, Number(row.n)]));
      const auditAfter = await db.prisma.auditEvent.count();
      const successesByAction = Object.fromEntries(OPS.map((kind) => [AUDIT_ACTION[kind], load.successes.get(kind)]));
      const auditByActionForOps = Object.fromEntries(OPS.map((kind) => [AUDIT_ACTION[kind], auditByAction[AUDIT_ACTION[kind]] ?? 0]));
      const serverErrors = services.flatMap((service) => service.errors().map((line) => ({ service: service.name, ...line })));
      const totals = await db.prisma.$queryRaw<{ memberships: bigint; assignments: bigint; permissions: bigint }[]>`
        SELECT (SELECT count(*) FROM memberships) AS memberships, (SELECT count(*) FROM role_assignments) AS assignments,
               (SELECT count(*) FROM dataset_permissions) AS permissions`;

      report('concurrency', {
        seed: SEED,
        opsPlanned: OPS_TOTAL,
        opsRun: load.ops,
        concurrency: CONCURRENCY,
        processes: services.length,
        world: { tenants: TENANTS, users: USERS, apiKeys: world.users.filter((u) => u.apiKey).length },
        wallSeconds: Math.round(load.wallMs / 100) / 10,
        opsPerSecond: Math.round(load.ops / (load.wallMs / 1000)),
        latencyMs: { p50: percentile(load.latencies, 50), p95: percentile(load.latencies, 95), p99: percentile(load.latencies, 99), max: percentile(load.latencies, 100) },
        routing: load.routing.sorted(),
        statuses: load.byStatus.sorted(),
        byOperation: byOpSummary(load),
        successfulWrites: load.successes.total(),
        successesByOperation: load.successes.sorted(),
        auditEvents: auditAfter - auditBefore,
        auditByAction: auditByActionForOps,
        invariantViolations: violations,
        trailEventsRead: trails.eventsRead,
        foreignIdsInTrails: trails.leaks.slice(0, 10),
        owners: { tenants: Number(owners.tenants), withoutOwner: Number(owners.without_owner), ownerNotMember: Number(owners.owner_not_member) },
        activeTenants: { set: Number(active.active), notAMembership: Number(active.not_member) },
        finalRows: { memberships: Number(totals[0].memberships), roleAssignments: Number(totals[0].assignments), datasetPermissions: Number(totals[0].permissions) },
        unexpected: load.unexpected.map(({ kind, door, status, code, body }) => ({ kind, door, status, code, body })),
        serverErrorLogs: serverErrors.slice(0, 10),
        processesAlive: services.map((service) => service.alive),
      });

      expect(load.ops).toBe(OPS_TOTAL);
      expect(load.unexpected).toEqual([]);
      expect(violations).toEqual([]);
      expect(trails.leaks).toEqual([]);
      expect({ withoutOwner: Number(owners.without_owner), ownerNotMember: Number(owners.owner_not_member) }).toEqual({ withoutOwner: 0, ownerNotMember: 0 });
      expect(Number(active.not_member)).toBe(0);
      expect(auditAfter - auditBefore).toBe(load.successes.total());
      expect(auditByActionForOps).toEqual(successesByAction);
      expect(serverErrors).toEqual([]);
      expect(services.map((service) => service.alive)).toEqual([true, true]);
      // The run exercised what it claims to: both doors, every operation, some successes of each.
      for (const kind of OPS) expect({ kind, succeeded: load.successes.get(kind) > 0 }).toEqual({ kind, succeeded: true });
    },
    FULL ? 900_000 : 120_000,
  );
});
