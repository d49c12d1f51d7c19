import type { BenchResults, IdemRun } from '../run.ts';
import type { BulkRun } from './bulk.ts';
import type { ExplainedStatement } from './explain.ts';
import { tableStats } from './console-table.ts';
import { BULK_USERS } from './plan.ts';
import type { PreviewRun } from './preview.ts';
import { f0, f1, f2, median, pct, pooled, rangeText, roundsCell, yes } from './report.ts';

// The operations around the removal (issue "Removal an admin can trust"), measured against the
// removal itself: Idempotency-Key, the preview (dryRun), the bulk removal; and the console's
// members table.

const DOOR: Record<IdemRun['door'], string> = { graphql: 'GraphQL', rest: 'legacy DELETE' };
const OPS_GOALS = { keyedRatio: 0.9, previewRatio: 1.2, bulkOverSingle: 100, bulkOverMedian: 3 };

const previewCell = (r: BenchResults, kind: PreviewRun['kind']) => pooled(r.preview?.runs.filter((x) => x.kind === kind) ?? []);
const bulkCell = (r: BenchResults, kind: BulkRun['kind']) => pooled(r.bulk?.runs.filter((x) => x.kind === kind) ?? []);

function idemCell(r: BenchResults, door: IdemRun['door'], kind: IdemRun['kind'], connections: number) {
  return roundsCell(
    r.idem.filter((x) => x.door === door && x.kind === kind && x.connections === connections),
    (x) => r.idem.find((p) => p.door === door && p.kind === 'plain' && p.connections === connections && p.round === x.round),
  );
}

/** The operations' rows of the one table of goals. */
export function opsGoals(r: BenchResults): string[] {
  const rows: string[] = [];
  for (const door of ['graphql', 'rest'] as const) {
    const keyed = idemCell(r, door, 'keyed', 16);
    const plain = idemCell(r, door, 'plain', 16);
    const met = keyed !== null && keyed.ratio >= OPS_GOALS.keyedRatio;
    const limits = keyed && plain && !met ? `; CPU ms per removal with a key / without: server ${f2(keyed.cpu)} / ${f2(plain.cpu)}, database ${f2(keyed.dbCpu)} / ${f2(plain.dbCpu)}` : '';
    if (keyed) rows.push(`| Removal with an Idempotency-Key (${DOOR[door]}): throughput ≥ 90 % of one without, 16 clients, many tenants | ${pct(keyed.ratio)} (${f0(keyed.rps)} req/s)${limits} | ${yes(met)} |`);
  }
  for (const door of ['graphql', 'rest'] as const) {
    const removal = idemCell(r, door, 'keyed', 1);
    const replay = idemCell(r, door, 'replay', 1);
    if (removal && replay)
      rows.push(
        `| A replayed Idempotency-Key answer is cheaper than the removal (${DOOR[door]}, p50 at 1 client) | replay ${f2(replay.lat.p50)} ms vs removal ${f2(removal.lat.p50)} ms (server CPU ${f2(replay.cpu)} vs ${f2(removal.cpu)} ms/request) | ${yes(replay.lat.p50 < removal.lat.p50)} |`,
      );
  }
  rows.push(...previewGoals(r), ...bulkGoals(r), ...consoleGoals(r));
  return rows;
}

function previewGoals(r: BenchResults): string[] {
  const preview = previewCell(r, 'preview');
  const removal = previewCell(r, 'removal');
  if (!preview || !removal) return [];
  const runs = r.preview!.runs;
  const kept = runs.filter((x) => x.kind === 'preview').reduce((s, x) => s + x.stillMembers, 0);
  const previewed = runs.filter((x) => x.kind === 'preview').reduce((s, x) => s + x.targets, 0);
  const left = runs.filter((x) => x.kind === 'removal').reduce((s, x) => s + x.stillMembers, 0);
  const ratio = preview.lat.p50 / removal.lat.p50;
  const [cp, cr] = [r.preview!.counts.find((n) => n.kind === 'preview'), r.preview!.counts.find((n) => n.kind === 'removal')];
  const statements = cp && cr ? `; statements ${rangeText(cp.statements)} vs ${rangeText(cr.statements)}` : '';
  const ok = ratio <= OPS_GOALS.previewRatio && kept === previewed && left === 0 && preview.ok === preview.requests && removal.ok === removal.requests;
  return [
    `| Preview (removeUserFromTenant with dryRun: true) p50 ≤ 1.2 × the removal's p50 (GraphQL, 100,000 members, R10/A10, 1 client) | ${f2(preview.lat.p50)} vs ${f2(removal.lat.p50)} ms = ${f2(ratio)}× (CPU ms/req server ${f2(preview.cpu)} vs ${f2(removal.cpu)}, database ${f2(preview.dbCpu)} vs ${f2(removal.dbCpu)}${statements}); previewed members still members afterwards: ${kept}/${previewed}; removed members left: ${left} | ${yes(ok)} |`,
  ];
}

function bulkGoals(r: BenchResults): string[] {
  const b = r.bulk;
  if (!b) return [];
  const rows: string[] = [];
  if (b.counts.length) {
    const failed = b.counts.filter((n) => !n.ok);
    const constant = failed.length === 0 && new Set(b.counts.map((n) => n.statements)).size === 1;
    rows.push(
      `| Bulk removal (removeUsersFromTenant): statements constant in the number of users | ${b.counts.map((n) => `${n.users.toLocaleString('en-US')} users: ${n.statements} statements, ${n.roundTrips} round trips${n.ok ? '' : ' (**failed**)'}`).join('; ')}${b.single ? ` (a single removal: ${rangeText(b.single.statements)})` : ''}${failed.length ? `; refused: ${failed.map((n) => n.failure).join('; ')}` : ''} | ${yes(constant)} |`,
    );
  }
  const bulk = b.runs.filter((x) => x.kind === 'bulk');
  const single = bulkCell(r, 'single');
  if (bulk.length && single) {
    const total = median(bulk.flatMap((x) => x.latencies));
    const ratio = total / single.lat.p50;
    const removed = bulk.reduce((s, x) => s + x.result.ok, 0);
    const left = bulk.reduce((s, x) => s + x.leftover, 0);
    const ok = ratio <= OPS_GOALS.bulkOverSingle && removed === bulk.length && left === 0;
    const cpu = median(bulk.map((x) => x.result.serverCpuMsPerRequest ?? NaN));
    const dbCpu = median(bulk.map((x) => x.result.dbCpuMsPerRequest));
    const explained = b.explain.length ? `; EXPLAIN ANALYZE of its statements: ${b.explain.map((s) => f1(s.executionMs)).join(' + ')} ms in the database${slowest(b.explain)}` : '';
    rows.push(
      `| Bulk removal of ${BULK_USERS.toLocaleString('en-US')} users: total time ≤ 100 × a single removal's p50 (same tenant and profile, 1 client) | ${f0(total)} ms (median of ${bulk.length} calls: ${bulk.map((x) => f0(x.latencies[0] ?? NaN)).join(', ')}) = ${f1(ratio)}× the single p50 of ${f2(single.lat.p50)} ms; CPU per call: server ${f0(cpu)} ms, database ${f0(dbCpu)} ms${explained}; calls that removed all ${BULK_USERS.toLocaleString('en-US')}: ${removed}/${bulk.length}, members left: ${left} | ${yes(ok)} |`,
    );
    // Each call runs the same prepared statements on the same connection: from the sixth run on,
    // PostgreSQL may plan them generically (src/db/custom-plans.ts).
    const slowestCall = Math.max(...bulk.flatMap((x) => (x.latencies.length ? x.latencies : [Infinity])));
    rows.push(
      `| Bulk removal of ${BULK_USERS.toLocaleString('en-US')} users: no call over ${OPS_GOALS.bulkOverMedian} × the median in ${bulk.length} calls (the same prepared statements run again and again, past the fifth run after which PostgreSQL may plan them generically) | slowest ${f0(slowestCall)} ms = ${f2(slowestCall / total)}× the median of ${f0(total)} ms; calls answered: ${removed}/${bulk.length} | ${yes(slowestCall <= OPS_GOALS.bulkOverMedian * total && removed === bulk.length)} |`,
    );
  }
  return rows;
}

/** Where the slowest statement of an EXPLAIN spends its time: the costliest triggers and the
 * tables it scans sequentially (whether an index exists, from the enable_seqscan re-check). */
function slowest(statements: ExplainedStatement[]): string {
  const s = [...statements].sort((a, b) => b.executionMs - a.executionMs)[0];
  const triggers = s.triggers
    .map((line) => /^Trigger (?:for constraint )?(.+?): time=([\d.]+) calls=(\d+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[2]) - Number(a[2]))
    .slice(0, 2)
    .map((m) => `trigger ${m[1]} ${f0(Number(m[2]))} ms over ${m[3]} calls`);
  const scans = [...new Set(s.seqScans)].map((t) => `${t} (${s.missingIndex.includes(t) ? 'no index' : 'an index exists'})`);
  const parts = [...triggers, ...(scans.length ? [`sequential scans of ${scans.join(', ')}`] : [])];
  return parts.length ? ` — the slowest (${f1(s.executionMs)} ms): ${parts.join('; ')}` : '';
}

function consoleGoals(r: BenchResults): string[] {
  const t = r.console;
  if (!t) return [];
  const [cold, warm] = [tableStats(t.cold), tableStats(t.warm)];
  return [
    `| Console: time to a rendered members table, ${t.members.toLocaleString('en-US')} members, first page of 50 (headless Chromium, localhost; no numeric goal) | cold median ${f0(median(t.cold))} ms (${t.cold.length} fresh profiles, max ${f0(cold.max)}); warm median ${f0(median(t.warm))} ms (${t.warm.length} loads, p90 ${f0(warm.p90)}) | — |`,
  ];
}

/** The operations' sections of RESULTS.md. */
export function opsSections(r: BenchResults): string[] {
  const out: string[] = [];
  const w = (...lines: string[]) => out.push(...lines);
  if (r.idem.length) {
    const p = r.plan;
    w(
      '## Idempotency-Key',
      '',
      `Removals in the 1,000-member tenants (profile R10/A10) with a fresh \`Idempotency-Key\` each against removals without one: ${p.idemRounds} round(s), ${p.idemRequestsAt[16]} removals per run at 16 clients, keyed and plain back to back (order alternating); ratio: median of each round's keyed / plain. ` +
        `Then ${p.idemRequestsAt[1]} keyed removals at 1 client and the same requests again: each a replay of the stored answer (the member is gone, so only a replay answers 200 with the receipt).`,
      '',
      '| door | requests | clients | req/s | keyed / plain | p50 ms | p95 ms | p99 ms | CPU ms/req server / db | ok | load avg |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    );
    for (const door of ['graphql', 'rest'] as const)
      for (const [kind, c] of [['plain', 16], ['keyed', 16], ['keyed', 1], ['replay', 1]] as const) {
        const x = idemCell(r, door, kind, c);
        if (!x) continue;
        w(`| ${DOOR[door]} | ${kind === 'plain' ? 'removal, no key' : kind === 'keyed' ? 'removal with a key' : 'replay'} | ${c} | ${f0(x.rps)} | ${kind === 'keyed' && c === 16 ? pct(x.ratio) : '–'} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} | ${x.ok}/${x.requests} | ${f1(x.load1)} |`);
      }
    w('');
  }
  out.push(...previewSection(r), ...bulkSection(r), ...consoleSection(r));
  return out;
}

function previewSection(r: BenchResults): string[] {
  const pr = r.preview;
  if (!pr?.runs.length) return [];
  const p = r.plan;
  const out = [
    '## Preview (dryRun) against the removal',
    '',
    `\`removeUserFromTenant(tenantId, userId, dryRun: true)\` with the removal's own document and selection (\`PREVIEW_MUTATION\` in \`bench/lib/targets.ts\`) against the removal, in the 100,000-member tenant, profile R10/A10, 1 client: ${p.previewRounds} round(s) of ${p.previewRequests} each, back to back (order alternating). Every request has a target of its own; after each run the bench counts the run's targets that are still members.`,
    '',
    '| request | p50 ms | p95 ms | p99 ms | CPU ms/req server / db | ok | targets still members | statements | round trips |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|',
  ];
  for (const kind of ['preview', 'removal'] as const) {
    const x = previewCell(r, kind);
    const n = pr.counts.find((c) => c.kind === kind);
    const runs = pr.runs.filter((y) => y.kind === kind);
    if (!x) continue;
    out.push(
      `| ${kind === 'preview' ? 'preview (dryRun: true)' : 'removal'} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} | ${x.ok}/${x.requests} | ${runs.reduce((s, y) => s + y.stillMembers, 0)}/${runs.reduce((s, y) => s + y.targets, 0)} | ${n ? rangeText(n.statements) : '–'} | ${n ? rangeText(n.roundTrips) : '–'} |`,
    );
  }
  const preview = pr.counts.find((c) => c.kind === 'preview');
  if (preview) out.push('', 'The statements of one preview, in order:', '', ...preview.sql.map((sql, i) => `${i + 1}. \`${sql.slice(0, 160)}${sql.length > 160 ? ' …' : ''}\``));
  out.push('');
  return out;
}

function bulkSection(r: BenchResults): string[] {
  const b = r.bulk;
  if (!b) return [];
  const p = r.plan;
  const out = [
    '## Bulk removal',
    '',
    `\`removeUsersFromTenant(tenantId, userIds)\` (\`BULK_MUTATION\` in \`bench/lib/bulk.ts\`: each outcome with the single removal's receipt fields) in the 100,000-member tenant, profile R10/A10, as the tenant's manager; ${p.bulkRepetitions} call(s) of ${BULK_USERS.toLocaleString('en-US')} users, each beside ${p.bulkSingleRequests} single removals at 1 client (order alternating). Every user is a target of its own; after each call the bench counts those still members.`,
    '',
    '| request | users per request | requests | p50 ms | max ms | CPU ms/req server / db | ok | members left |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const kind of ['bulk', 'single'] as const) {
    const runs = b.runs.filter((x) => x.kind === kind);
    const x = bulkCell(r, kind);
    if (!x) continue;
    out.push(`| ${kind === 'bulk' ? 'bulk removal' : 'single removal'} | ${kind === 'bulk' ? BULK_USERS.toLocaleString('en-US') : 1} | ${x.requests} | ${f2(x.lat.p50)} | ${f2(x.lat.max)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} | ${x.ok}/${x.requests} | ${runs.reduce((s, y) => s + y.leftover, 0)} |`);
  }
  if (b.counts.length) {
    out.push('', 'Statements of one call, counted on the wire (`bench/lib/wire-proxy.ts`):', '', '| users | statements | round trips | removed | members left |', '|---:|---:|---:|---|---:|');
    for (const n of b.counts) out.push(`| ${n.users.toLocaleString('en-US')} | ${n.statements} | ${n.roundTrips} | ${n.ok ? 'all' : `**no**: ${n.failure}`} | ${n.leftover} |`);
    const biggest = b.counts.at(-1)!;
    out.push('', `The statements of the call of ${biggest.users.toLocaleString('en-US')}, in order:`, '', ...biggest.sql.map((sql, i) => `${i + 1}. \`${sql}${sql.length >= 160 ? ' …' : ''}\``));
  }
  if (b.explain.length) {
    out.push(
      '',
      `The call of ${BULK_USERS.toLocaleString('en-US')}'s statements replayed with \`EXPLAIN (ANALYZE, BUFFERS)\` on as many fresh targets (rolled back, second pass kept):`,
      '',
      '| # | statement | plan + run ms | rows read | triggers |',
      '|---:|---|---:|---:|---|',
      ...b.explain.map((s, i) => `| ${i + 1} | \`${s.sql.slice(0, 70)}…\` | ${f2(s.planningMs)} + ${f2(s.executionMs)} | ${s.rowsRead.toLocaleString('en-US')} | ${s.triggers.map((t) => t.replace(/^Trigger /, '')).join('; ') || '–'} |`),
      '',
      '<details><summary>Plans of the bulk call</summary>',
      '',
      ...b.explain.flatMap((s) => ['```', s.sql.slice(0, 400), '', s.plan, '```', '']),
      '</details>',
    );
  }
  out.push('');
  return out;
}

function consoleSection(r: BenchResults): string[] {
  const t = r.console;
  if (!t) return [];
  const [cold, warm] = [tableStats(t.cold), tableStats(t.warm)];
  return [
    '## Console: members table',
    '',
    `The admin console's members page of a tenant with ${t.members.toLocaleString('en-US')} members (every member holding one or two roles), signed in as the owner, in headless Chromium on localhost against the service on its embedded database (\`bench/lib/console-table.ts\`, also \`npm run bench:console\`): milliseconds from navigation start to the 50th row of the table in the DOM, on the page's own clock. Cold: a fresh browser profile holding only the session cookie; warm: further pages of one profile.`,
    '',
    '| cache | loads | median ms | p90 ms | min ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    `| cold | ${t.cold.length} | ${f0(median(t.cold))} | ${f0(cold.p90)} | ${f0(cold.min)} | ${f0(cold.max)} |`,
    `| warm | ${t.warm.length} | ${f0(median(t.warm))} | ${f0(warm.p90)} | ${f0(warm.min)} | ${f0(warm.max)} |`,
    '',
    `JavaScript on the wire (gzip): the console ${(t.consoleJsBytes / 1000).toFixed(1)} kB, \`/console/graphiql\` ${(t.graphiqlJsBytes / 1000).toFixed(1)} kB.`,
    '',
  ];
}
