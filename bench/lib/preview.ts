import type { SectionContext } from '../run.ts';
import { BENCH_JWT_SECRET } from './cli.ts';
import { stats, withCountingProxy, type Range } from './count.ts';
import { benchDatabase } from './database.ts';
import { describeRun, measuredRun, type MeasuredRun } from './load.ts';
import { MAIN_PROFILE, PREVIEW_COUNTED, SECTION_WARMUP } from './plan.ts';
import { startService } from './processes.ts';
import { claimTargets, previewSucceeded, removalSucceeded, requestFor, stillMembers } from './targets.ts';

/** removeUserFromTenant(…, dryRun: true) against the removal itself: the 100,000-member tenant,
 * profile R10/A10, 1 client, the two back to back per round (order alternating). Each preview
 * and each removal gets a target of its own; after every run the bench counts how many of the
 * run's targets are still members: all of a preview's (it changed nothing), none of a removal's. */

export interface PreviewRun extends MeasuredRun {
  kind: 'preview' | 'removal';
  round: number;
  targets: number;
  /** The run's targets that are members after it. */
  stillMembers: number;
}

export interface PreviewCount {
  kind: PreviewRun['kind'];
  requests: number;
  ok: number;
  statements: Range;
  roundTrips: Range;
  /** The statements of one request, as sent (for the report: what a preview does instead). */
  sql: string[];
}

export interface PreviewResults {
  runs: PreviewRun[];
  counts: PreviewCount[];
}

export async function previewSection({ c, tokens, plan, poolSize, log }: SectionContext): Promise<PreviewResults> {
  const db = benchDatabase();
  const out: PreviewResults = { runs: [], counts: [] };
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (preview)' });
  const run = async (kind: PreviewRun['kind'], count: number) => {
    const targets = await claimTargets(c, 'xl', MAIN_PROFILE, count);
    const requests = await Promise.all(targets.map((t) => requestFor('graphql', t, tokens, { dryRun: kind === 'preview' })));
    const measured = await measuredRun({ server: service, requests, connections: 1, capSeconds: plan.runCapSeconds, isSuccess: kind === 'preview' ? previewSucceeded : removalSucceeded('graphql') });
    return { ...measured, targets: targets.length, stillMembers: await stillMembers(c, targets) };
  };
  try {
    log(`preview: warming up (${SECTION_WARMUP} previews and removals), then ${plan.previewRounds} round(s) of ${plan.previewRequests} each at 1 client …`);
    for (const kind of ['preview', 'removal'] as const) await run(kind, SECTION_WARMUP);
    for (let round = 0; round < plan.previewRounds; round++)
      for (const kind of (round % 2 ? ['removal', 'preview'] : ['preview', 'removal']) as PreviewRun['kind'][]) {
        const measured = await run(kind, plan.previewRequests);
        out.runs.push({ kind, round, ...measured });
        log(`  ${kind} round ${round + 1}: ${describeRun(measured)}; ${measured.stillMembers}/${measured.targets} targets still members`);
      }
  } finally {
    await service.stop();
  }
  // What each sends to PostgreSQL: a preview may reuse its target (it removes nobody).
  out.counts = await withCountingProxy({ db, jwtSecret: BENCH_JWT_SECRET, name: 'counted preview' }, async (send) => {
    const counts: PreviewCount[] = [];
    const targets = await claimTargets(c, 'xl', MAIN_PROFILE, 2 + PREVIEW_COUNTED);
    for (const kind of ['preview', 'removal'] as const) {
      const forKind = kind === 'preview' ? Array(PREVIEW_COUNTED + 1).fill(targets[0]) : targets.slice(1);
      const isSuccess = kind === 'preview' ? previewSucceeded : removalSucceeded('graphql');
      await send('service', await requestFor('graphql', forKind[0], tokens, { dryRun: kind === 'preview' })); // uncounted: connections open
      const per = [];
      for (const t of forKind.slice(1)) per.push(await send('service', await requestFor('graphql', t, tokens, { dryRun: kind === 'preview' })));
      counts.push({
        kind,
        requests: per.length,
        ok: per.filter((p) => isSuccess(p.status, p.body)).length,
        statements: stats(per.map((p) => p.statements)),
        roundTrips: stats(per.map((p) => p.roundTrips)),
        sql: per[0].captured.map((s) => s.sql.replace(/\s+/g, ' ').trim()),
      });
      log(`  ${kind}: ${counts.at(-1)!.statements.mean} statements, ${counts.at(-1)!.roundTrips.mean} round trips`);
    }
    const previewed = await stillMembers(c, targets.slice(0, 1));
    if (previewed !== 1) throw new Error('the counted preview removed its target');
    return counts;
  });
  return out;
}
