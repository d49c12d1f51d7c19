import type { SectionContext } from '../run.ts';
import { countRepeated, withCountingProxy, type Range } from './count.ts';
import { BENCH_JWT_SECRET } from './cli.ts';
import { benchDatabase, withClient, type BenchDatabase, type Queryable } from './database.ts';
import { explainRead, type ExplainedStatement } from './explain.ts';
import { describeRun, measuredRun, type LoadRequest, type MeasuredRun } from './load.ts';
import { startService } from './processes.ts';
import { graphqlRequest, readSucceeded, tenantOf } from './reads.ts';
import type { Tokens } from './targets.ts';

/** The audit trail page (Tenant.auditEvents) in a tenant of 1,000,000 events against one of
 * 1,000: the 100,000-member tenant and the first 1,000-member tenant of the seed, their trails
 * filled up to those counts when the section runs (seedAuditTrail). */

export type AuditSize = 'xl' | 'm';
export const AUDIT_EVENTS: Record<AuditSize, number> = { xl: 1_000_000, m: 1_000 };

/** The page as the legacy GET …/audit-events route asks for it: every field of an event. */
export const AUDIT_QUERY = `query AuditPage($id: UUID!, $first: Int, $filter: AuditEventFilter) {
  tenant(id: $id) { auditEvents(first: $first, filter: $filter) {
    edges { node { id action occurredAt actor { id email } targetUser { id email } requestId batchId details viewerCanReinstate } }
    pageInfo { hasNextPage endCursor } } }
}`;

/** Every filter Tenant.auditEvents offers (AuditEventFilter), one at a time, and none. */
export type AuditVariant = 'none' | 'action' | 'action-rare' | 'actor' | 'target' | 'window';
export const AUDIT_VARIANTS: AuditVariant[] = ['none', 'action', 'action-rare', 'actor', 'target', 'window'];
export const AUDIT_LABEL: Record<AuditVariant, string> = {
  none: 'no filter',
  action: 'actions: [tenant.user_removed] (8 % of events)',
  'action-rare': 'actions: [tenant.ownership_transferred] (0.1 %)',
  actor: 'actorId: one of 48 delegated managers (~1 %)',
  target: 'targetUserId: one member',
  window: 'since/until: the year before the last 30 days',
};

/** Actions of the seeded trail with their share in thousandths; `self`: the member did it
 * (actor = target); `target`: the event names a user. */
const ACTION_MIX: { action: string; perMille: number; self?: boolean; target?: boolean }[] = [
  { action: 'role.user_added', perMille: 250, target: true },
  { action: 'dataset_permission.granted', perMille: 200, target: true },
  { action: 'role.user_removed', perMille: 120, target: true },
  { action: 'dataset_permission.revoked', perMille: 120, target: true },
  { action: 'tenant.user_added', perMille: 100, target: true },
  { action: 'tenant.user_removed', perMille: 80, target: true },
  { action: 'user.tenant_selected', perMille: 80, self: true, target: true },
  { action: 'tenant.user_left', perMille: 20, self: true, target: true },
  { action: 'tenant.user_reinstated', perMille: 10, target: true },
  { action: 'role.capabilities_set', perMille: 8 },
  { action: 'dataset.created', perMille: 6 },
  { action: 'role.created', perMille: 3 },
  { action: 'role.deleted', perMille: 2 },
  { action: 'tenant.ownership_transferred', perMille: 1, target: true },
];
/** Members who act as managers besides the tenant's own manager and owner. */
const DELEGATES = 48;
const HISTORY_DAYS = 730;

export interface AuditTrail {
  size: AuditSize;
  tenantId: string;
  managerId: string;
  /** Events of the tenant's trail when the section measured (seeded + earlier sections' removals). */
  events: number;
  /** Filter values: a delegated manager, a member the trail names, the year before the last 30 days. */
  actorId: string;
  targetUserId: string;
  since: string;
  until: string;
}

export interface AuditSeed {
  /** Seconds spent seeding in this run (0 when the trails were already there: --reuse). */
  seconds: number;
  inserted: number;
  trails: AuditTrail[];
}

/** Fills the two tenants' trails up to AUDIT_EVENTS, set-based (one INSERT … SELECT over
 * generate_series each, rows in time order as a real trail is written): the actions of
 * ACTION_MIX, done by the manager (40 %), the owner (5 %), DELEGATES members (the rest of the
 * managers' actions) or the member themselves, naming members of the tenant, over the last two
 * years; removals carry the details a real removal records. Kept in bench.audit_trail, so a
 * reused database is seeded once. */
export async function seedAuditTrail(db: BenchDatabase, log: (line: string) => void): Promise<AuditSeed> {
  const started = Date.now();
  let inserted = 0;
  const trails = await withClient(db.connection, async (c) => {
    await c.query(`CREATE TABLE IF NOT EXISTS bench.audit_trail (
      class text PRIMARY KEY, tenant_id uuid NOT NULL, manager_id uuid NOT NULL, actor_id uuid NOT NULL, target_user_id uuid NOT NULL,
      since timestamptz NOT NULL, until timestamptz NOT NULL)`);
    for (const size of ['xl', 'm'] as AuditSize[]) {
      const { rows: done } = await c.query('SELECT 1 FROM bench.audit_trail WHERE class = $1', [size]);
      if (done.length) continue;
      const t0 = Date.now();
      const tenant = await tenantOf(c, size);
      const { rows: had } = await c.query<{ n: string }>('SELECT count(*) AS n FROM audit_events WHERE tenant_id = $1', [tenant.id]);
      const count = Math.max(0, AUDIT_EVENTS[size] - Number(had[0].n));
      await c.query('BEGIN');
      await c.query('SELECT setseed(0.15)');
      await c.query(`CREATE TEMP TABLE audit_people ON COMMIT DROP AS SELECT (row_number() OVER (ORDER BY user_id))::int AS n, user_id FROM memberships WHERE tenant_id = $1`, [tenant.id]);
      await c.query(`CREATE TEMP TABLE audit_mix (lo int, hi int, action text, self boolean, named boolean) ON COMMIT DROP`);
      let lo = 0;
      for (const a of ACTION_MIX) {
        await c.query('INSERT INTO audit_mix VALUES ($1, $2, $3, $4, $5)', [lo, lo + a.perMille, a.action, a.self === true, a.target === true]);
        lo += a.perMille;
      }
      const { rowCount } = await c.query(
        `WITH x AS MATERIALIZED (
           SELECT g, random() AS who, floor(random() * 1000)::int AS pick, 1 + floor(random() * (SELECT count(*) FROM audit_people))::int AS person,
                  1 + floor(random() * $4::int)::int AS delegate, random() AS jitter
           FROM generate_series(1, $2::int) g)
         INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id, batch_id, created_at)
         SELECT CASE WHEN a.self THEN p.user_id WHEN x.who < 0.40 THEN t.manager_id WHEN x.who < 0.45 THEN t.owner_id ELSE d.user_id END,
                a.action, t.id, CASE WHEN a.named THEN p.user_id END,
                CASE WHEN a.action = 'tenant.user_removed' THEN jsonb_build_object('revokedRoleCount', 1, 'revokedDatasetPermissionCount', 1, 'activeTenantCleared', x.g % 2 = 0,
                       'revokedRoles', jsonb_build_array(jsonb_build_object('id', r.id, 'name', 'role-' || r.n)),
                       'revokedDatasetPermissions', jsonb_build_array(jsonb_build_object('datasetId', ds.id, 'datasetName', 'dataset-' || ds.n, 'permission', 'read')))
                     WHEN a.action LIKE 'role.%' THEN jsonb_build_object('roleId', r.id, 'roleName', 'role-' || r.n)
                     WHEN a.action LIKE 'dataset%' THEN jsonb_build_object('datasetId', ds.id, 'datasetName', 'dataset-' || ds.n, 'permission', (ARRAY['read', 'write', 'delete', 'share'])[1 + x.g % 4])
                     ELSE '{}'::jsonb END,
                'bench-audit-' || x.g,
                CASE WHEN a.action = 'tenant.user_removed' AND x.g % 3 = 0 THEN md5(t.id::text || (x.g / 3000))::uuid END,
                now() - interval '1 hour' - interval '1 day' * $3::float8 * (1 - (x.g - 1 + x.jitter) / $2::float8)
         FROM x
         JOIN bench.tenants t ON t.id = $1::uuid
         JOIN audit_mix a ON x.pick >= a.lo AND x.pick < a.hi
         JOIN audit_people p ON p.n = x.person
         JOIN audit_people d ON d.n = 1 + (x.delegate * (SELECT count(*) FROM audit_people) / ($4::int + 1))::int
         JOIN bench.roles r ON r.tenant_id = t.id AND r.n = 1 + x.g % 10
         JOIN bench.datasets ds ON ds.tenant_id = t.id AND ds.n = 1 + x.g % 100
         ORDER BY x.g`,
        [tenant.id, count, HISTORY_DAYS, DELEGATES],
      );
      inserted += rowCount ?? 0;
      // Filter values: the first delegate, the member the newest event names, the year before the
      // last 30 days (a full page in both trails).
      await c.query(
        `INSERT INTO bench.audit_trail
         SELECT $2::text, $1::uuid, t.manager_id,
                (SELECT user_id FROM audit_people WHERE n = 1 + ((SELECT count(*) FROM audit_people) / ($3::int + 1))::int),
                (SELECT e.target_user_id FROM audit_events e JOIN audit_people p ON p.user_id = e.target_user_id WHERE e.tenant_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT 1),
                date_trunc('day', now()) - interval '395 days', date_trunc('day', now()) - interval '30 days'
         FROM bench.tenants t WHERE t.id = $1`,
        [tenant.id, size, DELEGATES],
      );
      await c.query('COMMIT');
      log(`  audit trail ${size}: ${(rowCount ?? 0).toLocaleString('en-US')} events inserted (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    if (inserted) await c.query('VACUUM ANALYZE audit_events');
    return describeTrails(c);
  });
  return { seconds: inserted ? (Date.now() - started) / 1000 : 0, inserted, trails };
}

async function describeTrails(c: Queryable): Promise<AuditTrail[]> {
  const { rows } = await c.query<{ class: AuditSize; tenant_id: string; manager_id: string; actor_id: string; target_user_id: string; since: Date; until: Date; events: string }>(
    `SELECT a.*, (SELECT count(*) FROM audit_events e WHERE e.tenant_id = a.tenant_id) AS events FROM bench.audit_trail a ORDER BY a.class DESC`,
  );
  return rows.map((r) => ({
    size: r.class,
    tenantId: r.tenant_id,
    managerId: r.manager_id,
    events: Number(r.events),
    actorId: r.actor_id,
    targetUserId: r.target_user_id,
    since: r.since.toISOString(),
    until: r.until.toISOString(),
  }));
}

export interface AuditCase {
  variant: AuditVariant;
  size: AuditSize;
  request: LoadRequest;
}

export function auditFilter(variant: AuditVariant, trail: AuditTrail): Record<string, unknown> | null {
  switch (variant) {
    case 'none':
      return null;
    case 'action':
      return { actions: ['tenant.user_removed'] };
    case 'action-rare':
      return { actions: ['tenant.ownership_transferred'] };
    case 'actor':
      return { actorId: trail.actorId };
    case 'target':
      return { targetUserId: trail.targetUserId };
    case 'window':
      return { since: trail.since, until: trail.until };
  }
}

/** The page of 50 newest events as the tenant's manager, per variant and trail. */
export async function auditCases(tokens: Tokens, trails: AuditTrail[]): Promise<AuditCase[]> {
  const cases: AuditCase[] = [];
  for (const trail of trails) {
    const auth = `Bearer ${await tokens.for(trail.managerId)}`;
    for (const variant of AUDIT_VARIANTS) cases.push({ variant, size: trail.size, request: graphqlRequest(auth, AUDIT_QUERY, { id: trail.tenantId, first: 50, filter: auditFilter(variant, trail) }) });
  }
  return cases;
}

export interface AuditRun extends MeasuredRun {
  variant: AuditVariant;
  size: AuditSize;
  round: number;
}

export interface AuditCount {
  variant: AuditVariant;
  size: AuditSize;
  requests: number;
  ok: number;
  statements: Range;
  roundTrips: Range;
  /** Events on the page the service answered. */
  pageRows: number;
  explain: ExplainedStatement[];
}

export interface AuditResults {
  seed: AuditSeed;
  runs: AuditRun[];
  counts: AuditCount[];
}

/** The section: fill the trails, then per round every variant in both tenants back to back
 * (which tenant first alternating) at 1 client; then each case counted on the wire and its
 * statements replayed with EXPLAIN ANALYZE as the service's prepared statements run (the plan
 * cache's choice after a few executions, which is what every later page pays). */
export async function auditSection({ c, tokens, plan, poolSize, log }: SectionContext): Promise<AuditResults> {
  const db = benchDatabase();
  log('audit: filling the trails (1,000,000 and 1,000 events) …');
  const seed = await seedAuditTrail(db, log);
  log(`audit: ${seed.trails.map((t) => `${t.size} ${t.events.toLocaleString('en-US')} events`).join(', ')}${seed.inserted ? ` (seeded in ${seed.seconds.toFixed(1)} s)` : ' (already seeded)'}`);
  const cases = await auditCases(tokens, seed.trails);
  const out: AuditResults = { seed, runs: [], counts: [] };
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (audit)' });
  const run = (ac: AuditCase, count: number) => measuredRun({ server: service, requests: Array(count).fill(ac.request), connections: 1, capSeconds: plan.runCapSeconds, isSuccess: readSucceeded });
  try {
    for (const ac of cases) await run(ac, 10); // warm-up: plans cached, pool connections open
    for (let round = 0; round < plan.auditRounds; round++)
      for (const variant of AUDIT_VARIANTS)
        for (const size of (round % 2 ? ['m', 'xl'] : ['xl', 'm']) as AuditSize[]) {
          const measured = await run(cases.find((x) => x.variant === variant && x.size === size)!, plan.auditRequests);
          out.runs.push({ variant, size, round, ...measured });
          log(`  ${AUDIT_LABEL[variant]} (${size}) round ${round + 1}: ${describeRun(measured)}`);
        }
  } finally {
    await service.stop();
  }
  log(`audit: statements on the wire (${plan.auditCountRequests} per case), then EXPLAIN ANALYZE of each as a prepared statement …`);
  const counted = await withCountingProxy({ db, jwtSecret: BENCH_JWT_SECRET, name: 'counted audit' }, async (send) => {
    const list = [];
    for (const ac of cases) list.push({ ac, ...(await countRepeated(send, 'service', ac.request, plan.auditCountRequests, readSucceeded)) });
    return list;
  });
  const one = await c.connect();
  try {
    for (const { ac, sample, lastBody, ...n } of counted) {
      const explain = await explainRead(one, sample, { prepared: true });
      const pageRows = readSucceeded(200, lastBody) ? (JSON.parse(lastBody).data.tenant.auditEvents.edges as unknown[]).length : NaN;
      out.counts.push({ variant: ac.variant, size: ac.size, ...n, pageRows, explain });
      log(`  ${AUDIT_LABEL[ac.variant]} (${ac.size}): ${n.statements.mean} statements, ${pageRows} events on the page; EXPLAIN ${explain.map((s) => `${s.executionMs.toFixed(2)} ms, ${s.rowsRead} rows${s.seqScans.length ? `, seq scan: ${s.seqScans.join(' ')}` : ''}`).join(' | ')}`);
    }
  } finally {
    one.release();
  }
  return out;
}
