import type { SectionContext } from '../run.ts';
import { BENCH_JWT_SECRET } from './cli.ts';
import { stats, withCountingProxy, type Range } from './count.ts';
import { benchDatabase } from './database.ts';
import { explainBulk, type ExplainedStatement } from './explain.ts';
import { describeRun, measuredRun, type LoadRequest, type MeasuredRun } from './load.ts';
import { BULK_COUNTED, BULK_USERS, MAIN_PROFILE, SECTION_WARMUP } from './plan.ts';
import { startService } from './processes.ts';
import { claimTargets, removalSucceeded, requestFor, stillMembers, type Target, type Tokens } from './targets.ts';
import type { CapturedStatement } from './wire-proxy.ts';

/** removeUsersFromTenant with BULK_USERS users in one call, in the 100,000-member tenant
 * (profile R10/A10, the manager calling), against single removals of the same tenant and
 * profile measured beside each call; and the statements a call sends for 10, 100 and 1,000
 * users. Every user of a call is a claimed target; after each call the bench counts how many
 * are still members (0 when all were removed). */

/** Each outcome carries the receipt fields the single removal's document asks for. */
export const BULK_MUTATION = `mutation Bulk($tenantId: UUID!, $userIds: [UUID!]!) {
  removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds) {
    batchId removedCount refusedCount
    outcomes { userId removed error { code message reason }
      receipt { message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId tenant { id name ownerId } user { id email } } }
  }
}`;

/** One call removing `targets` (all in one tenant, the same manager calling). */
export async function bulkRequest(targets: Target[], tokens: Tokens): Promise<LoadRequest> {
  const tenants = new Set(targets.map((t) => t.tenantId));
  if (tenants.size !== 1) throw new Error(`a bulk removal is in one tenant; these targets are in ${tenants.size}`);
  return {
    method: 'POST',
    path: '/graphql',
    headers: { authorization: `Bearer ${await tokens.for(targets[0].managerId)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: BULK_MUTATION, variables: { tenantId: targets[0].tenantId, userIds: targets.map((t) => t.userId) } }),
  };
}

/** Every user of the call removed. */
export const bulkSucceeded = (users: number) => (status: number, body: string) => status === 200 && body.includes(`"removedCount":${users},"refusedCount":0`) && !body.includes('"errors"');

export interface BulkRun extends MeasuredRun {
  kind: 'bulk' | 'single';
  /** Users per request (1 for single removals). */
  users: number;
  repetition: number;
  /** Users of the run still members after it. */
  leftover: number;
}

export interface BulkCount {
  users: number;
  ok: boolean;
  statements: number;
  roundTrips: number;
  leftover: number;
  /** The call's statements as sent, abbreviated. */
  sql: string[];
  /** The refusal, when the call failed. */
  failure: string | null;
}

export interface BulkResults {
  runs: BulkRun[];
  counts: BulkCount[];
  /** Statements of a single removal, counted the same way. */
  single: { statements: Range; roundTrips: Range } | null;
  /** The call of BULK_USERS's statements replayed with EXPLAIN ANALYZE on as many fresh targets. */
  explain: ExplainedStatement[];
}

export async function bulkSection({ c, tokens, plan, poolSize, log }: SectionContext): Promise<BulkResults> {
  const db = benchDatabase();
  const out: BulkResults = { runs: [], counts: [], single: null, explain: [] };
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (bulk)' });
  const singles = async (count: number) => {
    const targets = await claimTargets(c, 'xl', MAIN_PROFILE, count);
    const run = await measuredRun({ server: service, requests: await Promise.all(targets.map((t) => requestFor('graphql', t, tokens))), connections: 1, capSeconds: plan.runCapSeconds, isSuccess: removalSucceeded('graphql') });
    return { ...run, leftover: await stillMembers(c, targets) };
  };
  const bulk = async (users: number) => {
    const targets = await claimTargets(c, 'xl', MAIN_PROFILE, users);
    const run = await measuredRun({ server: service, requests: [await bulkRequest(targets, tokens)], connections: 1, capSeconds: plan.runCapSeconds, isSuccess: bulkSucceeded(users) });
    return { ...run, leftover: await stillMembers(c, targets) };
  };
  try {
    log(`bulk: warming up, then ${plan.bulkRepetitions} call(s) of ${BULK_USERS} users, each beside ${plan.bulkSingleRequests} single removals (1 client) …`);
    await singles(SECTION_WARMUP);
    await bulk(BULK_COUNTED[0]);
    for (let repetition = 0; repetition < plan.bulkRepetitions; repetition++)
      for (const kind of (repetition % 2 ? ['bulk', 'single'] : ['single', 'bulk']) as BulkRun['kind'][]) {
        const measured = kind === 'bulk' ? await bulk(BULK_USERS) : await singles(plan.bulkSingleRequests);
        out.runs.push({ kind, users: kind === 'bulk' ? BULK_USERS : 1, repetition, ...measured });
        log(`  ${kind === 'bulk' ? `bulk of ${BULK_USERS}` : 'single removals'} repetition ${repetition + 1}: ${describeRun(measured)}${measured.leftover ? `, ${measured.leftover} NOT REMOVED` : ''}`);
      }
  } finally {
    await service.stop();
  }
  log(`bulk: statements on the wire for calls of ${BULK_COUNTED.join(', ')} users …`);
  let biggest = null as { sample: CapturedStatement[]; targets: Target[] } | null;
  await withCountingProxy({ db, jwtSecret: BENCH_JWT_SECRET, name: 'counted bulk' }, async (send) => {
    await send('service', await bulkRequest(await claimTargets(c, 'xl', MAIN_PROFILE, BULK_COUNTED[0]), tokens)); // uncounted: connections open
    for (const users of BULK_COUNTED) {
      const targets = await claimTargets(c, 'xl', MAIN_PROFILE, users);
      const counted = await send('service', await bulkRequest(targets, tokens));
      const ok = bulkSucceeded(users)(counted.status, counted.body);
      out.counts.push({
        users,
        ok,
        statements: counted.statements,
        roundTrips: counted.roundTrips,
        leftover: await stillMembers(c, targets),
        sql: counted.captured.map((s) => s.sql.replace(/\s+/g, ' ').trim().slice(0, 160)),
        failure: ok ? null : `${counted.status} ${counted.body.slice(0, 300)}`,
      });
      log(`  ${users} users: ${counted.statements} statements, ${counted.roundTrips} round trips${ok ? '' : ` — FAILED: ${out.counts.at(-1)!.failure}`}`);
      if (ok && users === BULK_USERS) biggest = { sample: counted.captured, targets };
    }
    const [first, second] = await claimTargets(c, 'xl', MAIN_PROFILE, 2);
    await send('service', await requestFor('graphql', first, tokens));
    const one = await send('service', await requestFor('graphql', second, tokens));
    out.single = { statements: stats([one.statements]), roundTrips: stats([one.roundTrips]) };
  });
  if (biggest) {
    const { sample, targets } = biggest;
    const fresh = await claimTargets(c, 'xl', MAIN_PROFILE, BULK_USERS);
    const one = await c.connect(); // the replay runs in one rolled-back transaction
    try {
      out.explain = await explainBulk(one, sample, targets, fresh);
    } finally {
      one.release();
    }
    log(`  EXPLAIN of the call of ${BULK_USERS}: ${out.explain.map((s) => `${s.executionMs.toFixed(1)} ms`).join(' | ')}`);
  }
  return out;
}
