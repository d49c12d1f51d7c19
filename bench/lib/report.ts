import { mkdirSync, writeFileSync } from 'node:fs';
import { keptSections } from '../events/results.ts';
import path from 'node:path';
import type { BenchResults, Run } from '../run.ts';
import { summarize, type LoadResult } from './load.ts';
import { auditGoals, auditSections } from './report-audit.ts';
import { opsGoals, opsSections } from './report-ops.ts';
import { readGoals, readSections } from './report-reads.ts';
import { DOORS, MAIN_PROFILE, profileName, SCENARIOS, SIZES, type Door, type Scenario, type SizeClass } from './plan.ts';

const DOOR_LABEL: Record<Door, string> = { floor: 'floor (node:http + pg)', graphql: 'GraphQL', rest: 'legacy DELETE' };
const GOALS = { graphqlRatio: 0.6, restRatio: 0.65, tailOverFloor: 1.2, statements: 6, roundTrips: 3, sizeRatio: 1.2, freshMs: 4_000, existingMs: 1_500, readRatio: 0.5 };

export const median = (values: number[]) => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
export const f0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
export const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
export const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
export const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '–');
export const yes = (ok: boolean) => (ok ? '**met**' : '**not met**');

interface Cell {
  rps: number;
  ratio: number;
  p50: number;
  p95: number;
  p99: number;
  cpu: number;
  dbCpu: number;
  lgCpu: number;
  busy: number;
  ok: number;
  requests: number;
  leftover: number;
  load1: number;
}

/** A (scenario, connections, door) cell over its rounds: median throughput, the median of the
 * per-round ratios to the floor run next to it, and latency percentiles over all its requests. */
function cell(runs: Run[], scenario: Scenario, connections: number, door: Door): Cell | null {
  const mine = runs.filter((r) => r.section === 'main' && r.scenario === scenario && r.connections === connections && r.door === door);
  if (!mine.length) return null;
  const ratios = mine.map((r) => {
    const floor = runs.find((f) => f.section === 'main' && f.scenario === scenario && f.connections === connections && f.round === r.round && f.door === 'floor');
    return floor ? r.result.rps / floor.result.rps : NaN;
  });
  const lat = summarize(mine.flatMap((r) => r.latencies));
  return {
    rps: median(mine.map((r) => r.result.rps)),
    ratio: median(ratios),
    p50: lat.p50,
    p95: lat.p95,
    p99: lat.p99,
    cpu: median(mine.map((r) => r.result.serverCpuMsPerRequest ?? NaN)),
    dbCpu: median(mine.map((r) => r.result.dbCpuMsPerRequest)),
    lgCpu: median(mine.map((r) => r.result.loadCpuMsPerRequest)),
    busy: median(mine.map((r) => r.result.machineBusy)),
    ok: mine.reduce((s, r) => s + r.result.ok, 0),
    requests: mine.reduce((s, r) => s + r.result.requests, 0),
    leftover: mine.reduce((s, r) => s + r.leftover, 0),
    load1: median(mine.map((r) => r.load1)),
  };
}

/** A cell of runs over rounds against a baseline run of the same round (the floor, or the
 * run without a key): median req/s, the median of each round's ratio to its baseline, latency
 * percentiles over all requests, median CPU per request. */
export function roundsCell<R extends { round: number; result: LoadResult; latencies: number[]; load1: number }>(mine: R[], baselineOf: (run: R) => R | undefined) {
  if (!mine.length) return null;
  return {
    rps: median(mine.map((x) => x.result.rps)),
    ratio: median(mine.map((x) => x.result.rps / (baselineOf(x)?.result.rps ?? NaN))),
    lat: summarize(mine.flatMap((x) => x.latencies)),
    cpu: median(mine.map((x) => x.result.serverCpuMsPerRequest ?? NaN)),
    dbCpu: median(mine.map((x) => x.result.dbCpuMsPerRequest)),
    lgCpu: median(mine.map((x) => x.result.loadCpuMsPerRequest)),
    ok: mine.reduce((s, x) => s + x.result.ok, 0),
    requests: mine.reduce((s, x) => s + x.result.requests, 0),
    load1: median(mine.map((x) => x.load1)),
  };
}

/** Runs of one kind pooled (1-client comparisons): latency percentiles over all requests, median CPU per request. */
export function pooled<R extends { latencies: number[]; result: { ok: number; requests: number; serverCpuMsPerRequest: number | null; dbCpuMsPerRequest: number }; load1: number }>(runs: R[]) {
  if (!runs.length) return null;
  return {
    lat: summarize(runs.flatMap((x) => x.latencies)),
    cpu: median(runs.map((x) => x.result.serverCpuMsPerRequest ?? NaN)),
    dbCpu: median(runs.map((x) => x.result.dbCpuMsPerRequest)),
    ok: runs.reduce((s, x) => s + x.result.ok, 0),
    requests: runs.reduce((s, x) => s + x.result.requests, 0),
    load1: median(runs.map((x) => x.load1)),
  };
}
/** A size or grants cell: its runs over the rounds, latencies pooled. */
function single(runs: Run[], section: Run['section'], door: Door, match: (r: Run) => boolean) {
  const mine = runs.filter((x) => x.section === section && x.door === door && match(x));
  return mine.length ? { runs: mine, lat: summarize(mine.flatMap((r) => r.latencies)) } : null;
}

export function writeResults(results: BenchResults, file: string, jsonFile: string): void {
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify({ ...results, runs: results.runs.map(({ latencies, ...rest }) => rest) }, null, 1));
  // The events benches' own sections (bench/events/results.ts) survive a new main report.
  writeFileSync(file, render(results).trimEnd() + '\n' + keptSections(file));
}

export function render(r: BenchResults): string {
  const out: string[] = [];
  const p = r.plan;
  const m = r.machine;
  const w = (...lines: string[]) => out.push(...lines);
  w(
    '# Benchmark results: removing a user from a tenant, the dashboards\' reads, the audit trail, preview, bulk removal and the console',
    '',
    `Written by \`${r.commands.join('; ')}\` (${p.mode} mode) on ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${(r.seconds / 60).toFixed(1)} min. ` +
      'Do not edit by hand: run the bench again. How it works: `bench/README.md`.',
    '',
    '## Machine and versions',
    '',
    `- ${m.cpu}, **${m.cores} cores**, ${m.memoryGiB} GiB, Linux ${m.kernel}; Node ${m.node}; ${m.postgres} (server defaults: \`synchronous_commit=on\`, every commit waits for its WAL flush).`,
    `- ${m.loadGenerator}. Load generator, service, floor and PostgreSQL share the same ${m.cores} cores.`,
    `- Load average (1/5/15 min) at start ${r.load.start.map(f2).join(' / ')}, at end ${r.load.end.map(f2).join(' / ')}` +
      (Math.max(...r.load.start, ...r.load.end) > m.cores ? ' — **other work was running on this machine**: absolute figures are noisy; ratios compare runs made back to back.' : '.'),
    `- Packages: ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    `- Service: \`src/main.ts\` exactly as \`npm start\` runs it, with APP_ENV=production, LOG_LEVEL=warn, DB_POOL_SIZE=${r.poolSize}; floor: \`bench/floor/server.ts\` with a pg pool of ${r.poolSize}.`,
    '',
    '## Data',
    '',
    `Seeded set-based in ${r.seed.seconds.toFixed(0)} s: ${Object.entries(r.seed.rows)
      .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
      .join(', ')}. ` +
      `Tenants: 1 × ${SIZES.xl.label} (${r.seed.datasets.xl.toLocaleString('en-US')} datasets), ${r.seed.tenants.m} × ${SIZES.m.label}, ${r.seed.tenants.xs} × ${SIZES.xs.label}; ` +
      'in each an owner, a manager (role `admin` with MANAGE_USERS — the caller of every removal, so authorization takes the role path), bystanders with a role and a direct grant each, role and whole-tenant grants; ' +
      'on top, the prepared targets (members holding R roles and A direct dataset permissions of all four kinds, half of them acting in the tenant). Every request removes a different target; after each run the bench checks in the database that every target of it is gone.',
    '',
  );

  // ------------------------------------------------------------------ goals
  const goalRows: string[] = [];
  for (const scenario of p.scenarios) {
    const c16 = Math.max(...p.concurrency);
    const g = cell(r.runs, scenario, c16, 'graphql');
    const rest = cell(r.runs, scenario, c16, 'rest');
    const floor = cell(r.runs, scenario, c16, 'floor');
    // A goal not met says what the door spends that the floor does not, from measured data.
    const limits = (door: Door, x: Cell, met: boolean) => {
      if (met || !floor) return '';
      const n = r.counts.find((d) => d.door === door);
      const f = r.counts.find((d) => d.door === 'floor');
      return `; CPU ms per removal ${door === 'graphql' ? 'GraphQL' : 'legacy'} / floor: server ${f2(x.cpu)} / ${f2(floor.cpu)}, database ${f2(x.dbCpu)} / ${f2(floor.dbCpu)}${n && f ? `; statements ${rangeText(n.statements)} / ${rangeText(f.statements)}, round trips ${rangeText(n.roundTrips)} / ${rangeText(f.roundTrips)}` : ''}`;
    };
    if (g) goalRows.push(`| GraphQL throughput ≥ ${pct(GOALS.graphqlRatio)} of the floor at ${c16} clients, ${SCENARIOS[scenario].label} | ${pct(g.ratio)} (${f0(g.rps)} req/s)${limits('graphql', g, g.ratio >= GOALS.graphqlRatio)} | ${yes(g.ratio >= GOALS.graphqlRatio)} |`);
    if (rest) goalRows.push(`| Legacy route ≥ ${pct(GOALS.restRatio)} of the floor at ${c16} clients, ${SCENARIOS[scenario].label} | ${pct(rest.ratio)} (${f0(rest.rps)} req/s)${limits('rest', rest, rest.ratio >= GOALS.restRatio)} | ${yes(rest.ratio >= GOALS.restRatio)} |`);
  }
  // Tails against the floor's own in the same cell: the floor's p99/p50 is what the machine's
  // noise does to a request that costs next to nothing.
  const tails: string[] = [];
  let tailWorst = 0;
  let tailCells = 0;
  for (const scenario of p.scenarios)
    for (const c of p.concurrency) {
      const floor = cell(r.runs, scenario, c, 'floor');
      if (!floor) continue;
      const floorTail = floor.p99 / floor.p50;
      for (const door of ['graphql', 'rest'] as Door[]) {
        const x = cell(r.runs, scenario, c, door);
        if (!x) continue;
        tailCells++;
        const ratio = x.p99 / x.p50 / floorTail;
        tailWorst = Math.max(tailWorst, ratio);
        if (ratio > GOALS.tailOverFloor) tails.push(`${door} ${scenario} c=${c}: ${f1(x.p99 / x.p50)}× vs floor ${f1(floorTail)}×`);
      }
    }
  if (tailCells)
    goalRows.push(
      `| Tails: p99/p50 ≤ 1.2 × the floor's own p99/p50 in the same cell (GraphQL and legacy, every cell of the main matrix) | worst ${f2(tailWorst)}× the floor's${tails.length ? `; over: ${tails.join(', ')}` : ''} | ${yes(tails.length === 0)} |`,
    );
  for (const d of r.counts.filter((x) => x.door !== 'floor')) {
    goalRows.push(`| ≤ ${GOALS.statements} SQL statements per removal, authentication and authorization included (${DOOR_LABEL[d.door]}) | ${d.statements.max} statements, ${d.roundTrips.max} round trips | ${yes(d.statements.max <= GOALS.statements)} |`);
    goalRows.push(`| ≤ ${GOALS.roundTrips} round trips per removal, counted on the wire (${DOOR_LABEL[d.door]}) | ${d.roundTrips.max} (the most of ${d.removals} removals) | ${yes(d.roundTrips.max <= GOALS.roundTrips)} |`);
  }
  for (const door of ['graphql', 'rest'] as Door[]) {
    const xs = single(r.runs, 'size', door, (x) => x.size === 'xs');
    const xl = single(r.runs, 'size', door, (x) => x.size === 'xl');
    if (xs && xl) {
      const ratio = xl.lat.p50 / xs.lat.p50;
      const run = (size: SizeClass) => r.explain.find((e) => e.size === size)?.statements.reduce((sum, st) => sum + st.executionMs, 0) ?? NaN;
      goalRows.push(
        `| ${DOOR_LABEL[door]} removal in the 100,000-member tenant within 1.2 × the 10-member tenant (p50 at 1 client) | ${f2(xl.lat.p50)} vs ${f2(xs.lat.p50)} ms = ${f2(ratio)}× (EXPLAIN ANALYZE, all statements: ${f2(run('xl'))} vs ${f2(run('xs'))} ms in the database) | ${yes(ratio <= GOALS.sizeRatio)} |`,
      );
    }
  }
  const missing = r.explain.flatMap((e) => e.statements.flatMap((s) => s.missingIndex.map((t) => `${t} (${e.size})`)));
  const preferred = [...new Set(r.explain.flatMap((e) => e.statements.flatMap((s) => s.seqScans.filter((t) => !s.missingIndex.includes(t)))))];
  if (r.explain.length)
    goalRows.push(
      `| Every statement of a removal can use an index (EXPLAIN ANALYZE; a sequential scan is re-checked with enable_seqscan off) | ${missing.length ? `no index for: ${missing.join(', ')}` : 'an index serves every table read'}${preferred.length ? `; the planner prefers a sequential scan of the small table(s) ${preferred.join(', ')}` : ''} | ${yes(missing.length === 0)} |`,
    );
  goalRows.push(...readGoals(r), ...auditGoals(r), ...opsGoals(r));
  if (r.startup) {
    const fresh = median(r.startup.filter((s) => s.kind === 'fresh').map((s) => s.firstAnswerMs));
    const existing = median(r.startup.filter((s) => s.kind === 'existing').map((s) => s.firstAnswerMs));
    goalRows.push(`| Embedded start to first answer ≤ 4 s, fresh data directory | ${f2(fresh / 1000)} s (median) | ${yes(fresh <= GOALS.freshMs)} |`);
    goalRows.push(`| Embedded start to first answer ≤ 1.5 s, existing data directory | ${f2(existing / 1000)} s (median) | ${yes(existing <= GOALS.existingMs)} |`);
  }
  if (r.memory?.samples.length) {
    const s = r.memory.samples;
    const verdict = memoryVerdict(s);
    goalRows.push(`| No memory growth across ${s[s.length - 1].removals.toLocaleString('en-US')} removals beyond noise | ${verdict.text} | ${yes(verdict.ok)} |`);
  }
  w('## Goals', '', '| goal | measured | |', '|---|---|---|', ...goalRows, '');
  if (r.skipped.length) w(`Skipped: ${r.skipped.join('; ')}.`, '');

  // ------------------------------------------------------------------ main matrix
  if (r.runs.some((x) => x.section === 'main')) {
    w(
      '## Throughput and latency',
      '',
      `Profile ${profileName(MAIN_PROFILE)} (each target holds ${MAIN_PROFILE.roles} roles and ${MAIN_PROFILE.perms} direct dataset permissions). ` +
        `${p.rounds} round(s) per cell; in each round the floor, GraphQL and the legacy route run back to back (order rotated), ` +
        `${Object.entries(p.requestsAt)
          .map(([c, n]) => `${n} removals at ${c} client(s)`)
          .join(', ')} per run. ` +
        'req/s: median over rounds; **ratio**: median of each round\'s ratio to the floor run beside it; latency percentiles over all requests of the cell; ' +
        'CPU ms per removal: the server process (all threads) / all PostgreSQL processes / the load generator; busy: share of both cores in use during the run, by anyone.',
      '',
    );
    for (const scenario of p.scenarios) {
      w(`### ${SCENARIOS[scenario].label}`, '');
      if (scenario === 'one-tenant') {
        w(
          'Every removal locks the tenant row (the contract\'s "check under lock": all membership and role writes in a tenant take it first), so concurrent removals in one tenant run one at a time; throughput is one over the time the lock is held, which includes the commit\'s WAL flush.',
          '',
        );
      }
      w('| clients | door | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | p99/p50 | CPU ms/req server / db / load gen | busy | removed | load avg |', '|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
      for (const c of p.concurrency) {
        for (const door of DOORS) {
          const x = cell(r.runs, scenario, c, door);
          if (!x) continue;
          w(
            `| ${c} | ${DOOR_LABEL[door]} | ${f0(x.rps)} | ${door === 'floor' ? '1' : pct(x.ratio)} | ${f2(x.p50)} | ${f2(x.p95)} | ${f2(x.p99)} | ${f1(x.p99 / x.p50)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} / ${f2(x.lgCpu)} | ${pct(x.busy)} | ${x.ok}/${x.requests}${x.leftover ? ` (**${x.leftover} left**)` : ''} | ${f1(x.load1)} |`,
          );
        }
      }
      w('');
    }

  }

  // ------------------------------------------------------------------ size
  if (r.runs.some((x) => x.section === 'size')) {
    w('## Tenant size (1 client)', '', `Profile ${profileName(MAIN_PROFILE)}, ${p.sizeRequests} removals per cell over ${p.rounds} interleaved round(s) (sizes rotated, doors back to back); latencies pooled.`, '', '| tenant | door | p50 ms | p95 ms | p99 ms | mean ms | vs 10 members (p50) |', '|---|---|---:|---:|---:|---:|---:|');
    for (const size of ['xs', 'm', 'xl'] as SizeClass[]) {
      for (const door of DOORS) {
        const x = single(r.runs, 'size', door, (y) => y.size === size);
        const base = single(r.runs, 'size', door, (y) => y.size === 'xs');
        if (!x) continue;
        w(`| ${SIZES[size].label} | ${DOOR_LABEL[door]} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.lat.mean)} | ${base ? f2(x.lat.p50 / base.lat.p50) + '×' : '–'} |`);
      }
    }
    w('');

  }

  // ------------------------------------------------------------------ grants
  if (r.runs.some((x) => x.section === 'grants')) {
    w(
      '## Grants revoked (100,000-member tenant, 1 client)',
      '',
      `R roles and A direct dataset permissions held by the removed member; ${p.grantRequests} removals per cell over ${Math.min(p.rounds, 2)} round(s) (profile order reversed in the second); p50 latency in ms (ratio to the floor in the same cell).`,
      '',
      '| R roles | A permissions | floor p50 | GraphQL p50 | legacy p50 | GraphQL / floor | legacy / floor |',
      '|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const prof of p.grantProfiles) {
      const get = (door: Door) => single(r.runs, 'grants', door, (y) => y.profile.roles === prof.roles && y.profile.perms === prof.perms);
      const [fl, g, re] = [get('floor'), get('graphql'), get('rest')];
      w(`| ${prof.roles} | ${prof.perms} | ${f2(fl?.lat.p50 ?? NaN)} | ${f2(g?.lat.p50 ?? NaN)} | ${f2(re?.lat.p50 ?? NaN)} | ${f2((g?.lat.p50 ?? NaN) / (fl?.lat.p50 ?? NaN))}× | ${f2((re?.lat.p50 ?? NaN) / (fl?.lat.p50 ?? NaN))}× |`);
    }
    w('');

  }

  // ------------------------------------------------------------------ statements
  if (r.counts.length) {
    w(
      '## SQL statements per removal',
      '',
      'Counted on the wire: each server connects to PostgreSQL through a counting proxy (`bench/lib/wire-proxy.ts`) and removals are sent one at a time; a statement is one CommandComplete (or error) from the server, a round trip one flight (what a client writes before the server answers: pipelined statements share one). The service runs with EVENTS_RELAY=false here: its relay, woken by a commit, works beside the request, not in it (its cost is in the events sections).',
      '',
      '| door | removals | statements | round trips | errors |',
      '|---|---:|---:|---:|---:|',
    );
    for (const d of r.counts) w(`| ${DOOR_LABEL[d.door]} | ${d.ok}/${d.removals} | ${rangeText(d.statements)} | ${rangeText(d.roundTrips)} | ${d.errors} |`);
    const g = r.counts.find((d) => d.door === 'graphql');
    if (g) {
      w('', 'The statements of one GraphQL removal, in order:', '');
      g.sample.forEach((s, i) => w(`${i + 1}. \`${s.sql.replace(/\s+/g, ' ').trim().slice(0, 200)}${s.sql.length > 200 ? ' …' : ''}\``));
    }
    w('');
  }

  // ------------------------------------------------------------------ plans
  if (r.explain.length) {
    w('## Plans', '', 'Each statement of a GraphQL removal (as captured on the wire) replayed with `EXPLAIN (ANALYZE, BUFFERS)` on a fresh target, in a rolled-back transaction.', '');
    w('| # | statement | 10 members: plan + run ms | 100,000 members: plan + run ms | sequential scans (index available?) | foreign-key triggers (100,000) |', '|---:|---|---:|---:|---|---|');
    const xl = r.explain.find((e) => e.size === 'xl');
    const xs = r.explain.find((e) => e.size === 'xs');
    (xl ?? xs)!.statements.forEach((s, i) => {
      const small = xs?.statements[i];
      const big = xl?.statements[i];
      w(
        `| ${i + 1} | \`${s.sql.slice(0, 70)}…\` | ${f2(small?.planningMs ?? NaN)} + ${f2(small?.executionMs ?? NaN)} | ${f2(big?.planningMs ?? NaN)} + ${f2(big?.executionMs ?? NaN)} | ${scanText([small, big])} | ${(big?.triggers ?? []).map((t) => t.replace(/^Trigger /, '')).join('; ') || '–'} |`,
      );
    });
    w('', '<details><summary>Plans in the 100,000-member tenant</summary>', '');
    for (const s of (xl ?? xs)!.statements) w('```', s.sql.slice(0, 400), '', s.plan, '```', '');
    w('</details>', '');
  }

  out.push(...readSections(r), ...auditSections(r), ...opsSections(r));

  // ------------------------------------------------------------------ memory
  if (r.memory) {
    const v = memoryVerdict(r.memory.samples);
    w(
      '## Memory',
      '',
      `A fresh service started with \`--inspect=127.0.0.1:0\`; after a warm-up of ${p.memoryWarmup} removals, then after every 1,000 (${r.memory.door}): RSS, and the JavaScript heap in use right after a full collection forced over the DevTools protocol (\`HeapProfiler.collectGarbage\`, \`Runtime.getHeapUsage\`) — what the process still holds.`,
      '',
      '| removals | RSS MiB | live heap MiB |',
      '|---:|---:|---:|',
    );
    for (const s of r.memory.samples) w(`| ${s.removals.toLocaleString('en-US')} | ${f1(s.rssMiB)} | ${f2(s.liveHeapMiB)} |`);
    w('', v.text, '');
  }

  // ------------------------------------------------------------------ start-up
  if (r.startup) {
    w(
      '## Start to first answer, embedded database',
      '',
      '`src/main.ts` exactly as `npm start` runs it (no DATABASE_URL), timed from spawn to the first 200 from `GET /ready` (polled every 10 ms). Fresh: an empty data directory (a copy of the migrated template that `npm ci` built, then the migration check); existing: the directory the previous start left.',
      '',
      'Phases from the service\'s own log timestamps: Node start, config and the data directory\'s lock until the embedded database starts; the embedded database (PGlite, in a worker thread) and, meanwhile on the main thread, loading the server\'s modules (TypeScript compiled once, then read from the cache of scripts/register.js): the longer of the two; migrations; building the schema and server until it listens; the first answer.',
      '',
      '| data directory | first answer s | boot ms | embedded database ∥ modules ms | migrations ms | server build ms | first request ms | RSS MiB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    const ms = (v: number | null) => (v === null ? '–' : f0(v));
    for (const s of r.startup)
      w(`| ${s.kind} | ${f2(s.firstAnswerMs / 1000)} | ${ms(s.phases.boot)} | ${ms(s.phases.embedded)} | ${ms(s.phases.migrations)} | ${ms(s.phases.server)} | ${ms(s.phases.firstRequest)} | ${f0(s.rssMiB ?? NaN)} |`);
    w('');
  }
  if (r.profile) w('## CPU profile of the service under load (`--profile`)', '', r.profile, '');
  return out.join('\n') + '\n';
}

function scanText(statements: ({ seqScans: string[]; missingIndex: string[] } | undefined)[]): string {
  const scans = [...new Set(statements.flatMap((s) => s?.seqScans ?? []))];
  const missing = new Set(statements.flatMap((s) => s?.missingIndex ?? []));
  return scans.map((t) => `${t} (${missing.has(t) ? '**no index**' : 'index exists'})`).join(', ') || 'none';
}

export function rangeText(s: { min: number; max: number; mean: number }): string {
  return s.min === s.max ? String(s.min) : `${s.min}–${s.max} (mean ${s.mean.toFixed(1)})`;
}

/** Least-squares slope per 1,000 removals, and how far the last value sits above the minimum. */
function growth(points: { removals: number; value: number }[]) {
  const n = points.length;
  const mx = points.reduce((sum, x) => sum + x.removals, 0) / n;
  const my = points.reduce((sum, x) => sum + x.value, 0) / n;
  const slope = points.reduce((sum, x) => sum + (x.removals - mx) * (x.value - my), 0) / Math.max(1e-9, points.reduce((sum, x) => sum + (x.removals - mx) ** 2, 0));
  const min = Math.min(...points.map((x) => x.value));
  const last = points[n - 1].value;
  return { perThousand: slope * 1000, overMin: last / min - 1 };
}

/** Judged on the live heap (after a forced full collection); RSS is reported beside it, as it
 * also moves with the allocator and V8's heap sizing. */
export function memoryVerdict(samples: { removals: number; rssMiB: number; liveHeapMiB: number }[]): { ok: boolean; text: string } {
  if (samples.length < 3) return { ok: false, text: 'too few samples' };
  const heap = growth(samples.map((x) => ({ removals: x.removals, value: x.liveHeapMiB })));
  const rss = growth(samples.map((x) => ({ removals: x.removals, value: x.rssMiB })));
  const first = samples[0];
  const last = samples[samples.length - 1];
  // Beyond noise: the live heap growing by more than 0.1 MiB per 1,000 removals (1 MiB over the
  // run, ~100 bytes per removal) or ending more than 5 % above its low.
  const ok = heap.perThousand < 0.1 && heap.overMin <= 0.05;
  return {
    ok,
    text: `live heap ${first.liveHeapMiB.toFixed(1)} → ${last.liveHeapMiB.toFixed(1)} MiB (slope ${heap.perThousand.toFixed(3)} MiB per 1,000 removals, last ${(heap.overMin * 100).toFixed(1)} % over the minimum); RSS ${first.rssMiB.toFixed(0)} → ${last.rssMiB.toFixed(0)} MiB (slope ${rss.perThousand.toFixed(2)} MiB per 1,000)`,
  };
}
