// `npm run bench` (full matrix, ~20 min) or `npm run bench -- --quick` (~7 min).
// Seeds a real PostgreSQL, drives removals over loopback through GraphQL, the legacy DELETE
// route and the floor (bench/floor/server.ts), counts SQL statements on the wire, checks the
// plans, measures the dashboards' reads, the audit trail page, previews, bulk removals,
// Idempotency-Key, embedded start-up, memory and the console's members table, and writes
// bench/RESULTS.md.
//
// Options: --quick; --keep (leave the bench database in place); --reuse (use the database a
// `npm run bench:seed` left, claiming its unused targets; implies --keep); --only a,b (sections:
// main, size, grants, count, reads, idem, audit, preview, bulk, memory, startup, console);
// --skip-startup; --skip-memory; --profile (add a CPU profile of the service under load);
// --pool N (DB_POOL_SIZE, default 10); --out FILE (write the report there instead of
// bench/RESULTS.md).
// Environment: DATABASE_URL — the PostgreSQL server to use (default
// postgres://postgres@127.0.0.1:5432/postgres); the bench creates and drops its own database
// `tenantry_bench` there (BENCH_DB_NAME to change it; it must start with tenantry_bench).
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { BENCH_JWT_SECRET, flag, option } from './lib/cli.ts';
import { countReads, countStatements, type DoorCount, type ReadCount } from './lib/count.ts';
import { benchDatabase, dropDatabase, serverVersion, withPool } from './lib/database.ts';
import { explainRead, explainRemoval, type ExplainedStatement } from './lib/explain.ts';
import { HeapProbe } from './lib/heap-probe.ts';
import { runLoad, summarize, type LoadRequest, type LoadResult } from './lib/load.ts';
import { machineFacts, type MachineFacts } from './lib/machine.ts';
import { DOORS, MAIN_PROFILE, MEMORY_PROFILE, makePlan, SCENARIOS, type Door, type Plan, type Profile, type Scenario, type SizeClass } from './lib/plan.ts';
import { ROOT, rssMiB, startFloor, startService, type Started } from './lib/processes.ts';
import { writeResults } from './lib/report.ts';
import { describeSeed, seed, type SeedSummary } from './lib/seed.ts';
import { measureStartup, type StartupRun } from './lib/startup.ts';
import { claimTargets, removalSucceeded, requestFor, stillMembers, Tokens, type Target } from './lib/targets.ts';
import { compareAnswers, readCases, readSucceeded, type ReadCase, type ReadKind } from './lib/reads.ts';
import { profileMarkdown, profileService } from './profile.ts';
import { auditSection, type AuditResults } from './lib/audit.ts';
import { bulkSection, type BulkResults } from './lib/bulk.ts';
import { measureConsoleTable, type ConsoleTable } from './lib/console-table.ts';
import { previewSection, type PreviewResults } from './lib/preview.ts';

export interface Run {
  section: 'main' | 'size' | 'grants';
  scenario?: Scenario;
  size: SizeClass;
  profile: Profile;
  door: Door;
  connections: number;
  round: number;
  result: LoadResult;
  latencies: number[];
  /** 1-minute load average of the machine just before the run (other work shares the cores). */
  load1: number;
  /** Claimed targets still members after the run (0 when every removal really happened). */
  leftover: number;
}

/** One load run of a read (lib/reads.ts) through one door. */
export interface ReadRun {
  kind: ReadKind;
  size: SizeClass | null;
  door: 'floor' | 'graphql';
  connections: number;
  round: number;
  result: LoadResult;
  latencies: number[];
  load1: number;
}

/** One load run of removals with or without an Idempotency-Key, or of replays of keyed ones. */
export interface IdemRun {
  door: 'graphql' | 'rest';
  kind: 'plain' | 'keyed' | 'replay';
  connections: number;
  round: number;
  result: LoadResult;
  latencies: number[];
  load1: number;
}

export interface MemorySample {
  removals: number;
  rssMiB: number;
  /** JavaScript heap in use right after a forced full collection (lib/heap-probe.ts). */
  liveHeapMiB: number;
}

/** What a section runner (lib/audit.ts, lib/preview.ts, lib/bulk.ts) gets. */
export interface SectionContext {
  /** The bench's own small pool (claims, checks). */
  c: Pool;
  tokens: Tokens;
  plan: Plan;
  poolSize: number;
  log: (line: string) => void;
}

export interface BenchResults {
  plan: Plan;
  machine: MachineFacts;
  commands: string[];
  startedAt: string;
  seconds: number;
  seed: SeedSummary;
  poolSize: number;
  runs: Run[];
  reads: ReadRun[];
  /** Read cases whose floor answer differed from the service's (not measured then). */
  readMismatches: string[];
  readCounts: ReadCount[];
  readExplain: { kind: ReadKind; size: SizeClass | null; statements: ExplainedStatement[] }[];
  idem: IdemRun[];
  audit: AuditResults | null;
  preview: PreviewResults | null;
  bulk: BulkResults | null;
  console: ConsoleTable | null;
  counts: DoorCount[];
  explain: { size: SizeClass; statements: ExplainedStatement[] }[];
  memory: { samples: MemorySample[]; door: string } | null;
  startup: StartupRun[] | null;
  profile: string | null;
  skipped: string[];
  load: { start: number[]; end: number[] };
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const t0 = Date.now();
  const plan = makePlan(flag('quick'));
  const poolSize = Number(option('pool', '10'));
  const budgetMs = (plan.mode === 'quick' ? 10 : 40) * 60_000; // hard stop for optional sections
  const db = benchDatabase();
  const tokens = new Tokens(BENCH_JWT_SECRET);
  const skipped: string[] = [];
  const only = option('only', '');
  const wants = (section: string) => !only || only.split(',').includes(section);
  const reuse = flag('reuse');
  const loadStart = loadavg();
  log(`bench (${plan.mode}) on ${db.server.host}:${db.server.port}, database ${db.name}, pool ${poolSize}; load average ${loadStart.map((v) => v.toFixed(2)).join(' ')}`);
  const machine = await machineFacts(await serverVersion(db.server));

  let seedSummary: SeedSummary;
  if (reuse) {
    seedSummary = await describeSeed(db);
    log(`reusing ${db.name}: ${JSON.stringify(seedSummary.rows)}`);
  } else {
    log('seeding (set-based) …');
    seedSummary = await seed(db, plan, log);
    log(`seeded in ${seedSummary.seconds.toFixed(1)} s: ${JSON.stringify(seedSummary.rows)}`);
  }

  const results: BenchResults = {
    plan,
    machine,
    commands: [`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`],
    startedAt: new Date(t0).toISOString(),
    seconds: 0,
    seed: seedSummary,
    poolSize,
    runs: [],
    reads: [],
    readMismatches: [],
    readCounts: [],
    readExplain: [],
    idem: [],
    audit: null,
    preview: null,
    bulk: null,
    console: null,
    counts: [],
    explain: [],
    memory: null,
    startup: null,
    profile: null,
    skipped,
    load: { start: loadStart, end: [] },
  };

  // A section that fails (someone restarted the shared PostgreSQL, say) is reported as such and
  // the run goes on: RESULTS.md always says what was and was not measured.
  const section = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`${name}: FAILED — ${reason}`);
      skipped.push(`${name} failed (${reason.split('\n')[0]})`);
    }
  };

  try {
    await withPool(db.connection, async (c) => {
      // ---------------------------------------------------------------- throughput and latency
      if (wants('main') || wants('size') || wants('grants')) await section('throughput and latency', async () => {
        const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize });
        const floor = await startFloor({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize });
        const serverOf = (door: Door) => (door === 'floor' ? floor : service);
        try {
          log(`service up in ${service.startMs.toFixed(0)} ms, floor in ${floor.startMs.toFixed(0)} ms; warming up (${plan.warmup} removals per door)`);
          for (const door of DOORS) await drive(c, tokens, serverOf(door), door, 'xl', MAIN_PROFILE, plan.warmup, 4, plan.runCapSeconds);

          for (const scenario of wants('main') ? plan.scenarios : []) {
            for (const connections of plan.concurrency) {
              for (let round = 0; round < plan.rounds; round++) {
                // Rotate the order each round so no door always runs first (or right after another).
                const order = DOORS.map((_, i) => DOORS[(i + round) % DOORS.length]);
                for (const door of order) {
                  const run = await measure(c, tokens, serverOf(door), 'main', door, SCENARIOS[scenario].size, MAIN_PROFILE, plan.requestsAt[connections], connections, plan.runCapSeconds, round, scenario);
                  results.runs.push(run);
                  log(`  ${scenario} c=${connections} round ${round + 1} ${door}: ${line(run)}`);
                }
              }
            }
          }

          // Tenant sizes and grant profiles at 1 client, interleaved over rounds (sizes or profiles
          // rotated, the three doors back to back) so a slow minute of the machine does not land
          // on one cell; latencies are pooled per cell.
          const rounds = plan.rounds;
          if (wants('size') || wants('grants')) {
            // The matrix above removed tens of thousands of rows: without this, autovacuum starts
            // on those tables at some moment of the 1-client cells and lands on some of them only.
            log('VACUUM ANALYZE before the 1-client sections …');
            await c.query('VACUUM ANALYZE');
          }
          if (wants('size')) log('tenant size at 1 client …');
          const sizes: SizeClass[] = ['xs', 'm', 'xl'];
          for (let round = 0; round < (wants('size') ? rounds : 0); round++) {
            for (let i = 0; i < sizes.length; i++) {
              const size = sizes[(i + round) % sizes.length];
              for (const door of DOORS) {
                const run = await measure(c, tokens, serverOf(door), 'size', door, size, MAIN_PROFILE, Math.ceil(plan.sizeRequests / rounds), 1, plan.runCapSeconds, round);
                results.runs.push(run);
                log(`  ${size} round ${round + 1} ${door}: ${line(run)}`);
              }
            }
          }

          if (wants('grants')) log('grants revoked (R roles, A dataset permissions) at 1 client …');
          const grantRounds = Math.min(rounds, 2);
          for (let round = 0; round < (wants('grants') ? grantRounds : 0); round++) {
            const profiles = round % 2 ? [...plan.grantProfiles].reverse() : plan.grantProfiles;
            for (const profile of profiles) {
              for (const door of DOORS) {
                const run = await measure(c, tokens, serverOf(door), 'grants', door, 'xl', profile, Math.ceil(plan.grantRequests / grantRounds), 1, plan.runCapSeconds, round);
                results.runs.push(run);
                log(`  R${profile.roles}/A${profile.perms} round ${round + 1} ${door}: ${line(run)}`);
              }
            }
          }
        } finally {
          await service.stop();
          await floor.stop();
        }
      });

      // ---------------------------------------------------------------- statements and plans
      await section('statement count and plans', async () => {
        if (wants('count')) {
          log(`counting SQL statements per removal on the wire (${plan.countRequests} removals per door) …`);
          results.counts = await countStatements({ db, c, tokens, jwtSecret: BENCH_JWT_SECRET, removals: plan.countRequests });
        }
        for (const d of results.counts) log(`  ${d.door}: ${d.statements.mean} statements, ${d.roundTrips.mean} round trips per removal (${d.ok}/${d.removals} ok)`);
        const graphqlCount = results.counts.find((d) => d.door === 'graphql');
        if (graphqlCount?.sample.length) {
          for (const size of ['xl', 'xs'] as SizeClass[]) {
            const [fresh] = await claimTargets(c, size, MAIN_PROFILE, 1);
            const one = await c.connect(); // EXPLAIN replays inside one transaction: one connection
            try {
              results.explain.push({ size, statements: await explainRemoval(one, graphqlCount.sample, graphqlCount.sampleTarget, fresh) });
            } finally {
              one.release();
            }
          }
          for (const e of results.explain) log(`  EXPLAIN ${e.size}: ${e.statements.map((s) => `${s.executionMs.toFixed(3)} ms${s.seqScans.length ? ` (seq scan: ${s.seqScans.join(', ')})` : ''}`).join(' | ')}`);
        }
      });

      // ---------------------------------------------------------------- dashboard reads
      if (wants('reads'))
        await section('reads', async () => {
          await reads(c, tokens, plan, poolSize, results);
        });

      // ---------------------------------------------------------------- Idempotency-Key
      if (wants('idem'))
        await section('idempotency', async () => {
          await idempotency(c, tokens, plan, poolSize, results);
        });

      // ---------------------------------------------------------------- audit, preview, bulk
      const context: SectionContext = { c, tokens, plan, poolSize, log };
      if (wants('audit'))
        await section('audit trail', async () => {
          results.audit = await auditSection(context);
        });
      if (wants('preview'))
        await section('preview', async () => {
          results.preview = await previewSection(context);
        });
      if (wants('bulk'))
        await section('bulk removal', async () => {
          results.bulk = await bulkSection(context);
        });

      // ---------------------------------------------------------------- memory
      if (flag('skip-memory') || !wants('memory')) skipped.push('memory (not asked for)');
      else if (Date.now() - t0 > budgetMs) skipped.push('memory (time budget spent)');
      else
        await section('memory', async () => {
          results.memory = await memory(c, tokens, plan, poolSize);
        });
    });

    // ------------------------------------------------------------------ start-up
    if (flag('skip-startup') || !wants('startup')) skipped.push('start-up (not asked for)');
    else if (Date.now() - t0 > budgetMs) skipped.push('start-up (time budget spent)');
    else {
      log('start to first answer on the embedded database …');
      await section('start-up', async () => {
        results.startup = await measureStartup(plan.startupRuns, BENCH_JWT_SECRET, log);
      });
    }

    // ------------------------------------------------------------------ console
    if (!wants('console')) skipped.push('console (not asked for)');
    else if (Date.now() - t0 > budgetMs) skipped.push('console (time budget spent)');
    else {
      log(`console: time to a rendered members table (${plan.consoleColdRuns} cold, ${plan.consoleRuns} warm page loads) …`);
      await section('console', async () => {
        results.console = await measureConsoleTable({ runs: plan.consoleRuns, coldRuns: plan.consoleColdRuns });
        log(`  cold ${results.console.cold.map((v) => v.toFixed(0)).join(', ')} ms; warm ${results.console.warm.map((v) => v.toFixed(0)).join(', ')} ms`);
      });
    }

    if (flag('profile')) {
      log('CPU profile of the service under load …');
      await section('CPU profile', async () => {
        const removals = await profileService({ requests: plan.profileRequests, connections: 16, doors: ['graphql', 'rest'], tag: 'run', log });
        // The reads' profile tells what limits them where they miss the floor goal.
        const reads = await profileService({ requests: plan.profileRequests, connections: 4, doors: [], reads: ['members-first', 'my-tenants', 'dashboard'], tag: 'run-reads', log });
        results.profile = profileMarkdown([...removals.results, ...reads.results]);
      });
    }
  } finally {
    if (!flag('keep') && !reuse) await dropDatabase(db).catch((error: unknown) => log(`could not drop ${db.name}: ${String(error)}`));
  }

  results.load.end = loadavg();
  results.seconds = (Date.now() - t0) / 1000;
  // Only a full run of every section is the committed RESULTS.md; a quick or partial run goes to
  // bench/out/ unless told otherwise.
  const partial = plan.mode !== 'full' || only !== '' || reuse;
  const file = path.resolve(option('out', path.join(ROOT, partial ? 'bench/out/RESULTS.partial.md' : 'bench/RESULTS.md')));
  writeResults(results, file, path.join(ROOT, 'bench/out/results.json'));
  log(`done in ${(results.seconds / 60).toFixed(1)} min; wrote ${path.relative(process.cwd(), file)}`);
}

/** Claims `count` targets and removes each once through `door`; returns the run's figures. */
async function measure(
  c: Pool,
  tokens: Tokens,
  server: Started,
  section: Run['section'],
  door: Door,
  size: SizeClass,
  profile: Profile,
  count: number,
  connections: number,
  capSeconds: number,
  round: number,
  scenario?: Scenario,
): Promise<Run> {
  const targets = await claimTargets(c, size, profile, count);
  const requests = await Promise.all(targets.map((t) => requestFor(door, t, tokens)));
  const load1 = loadavg()[0];
  const latencies: number[] = [];
  const result = await runLoad({ baseUrl: server.url, connections, requests, capSeconds, isSuccess: removalSucceeded(door), serverPid: server.pid, onLatency: (ms) => latencies.push(ms) });
  const leftover = await stillMembers(c, targets);
  return { section, scenario, size, profile, door, connections, round, result, latencies, load1, leftover };
}

async function drive(c: Pool, tokens: Tokens, server: Started, door: Door, size: SizeClass, profile: Profile, count: number, connections: number, capSeconds: number) {
  const targets: Target[] = await claimTargets(c, size, profile, count);
  const requests = await Promise.all(targets.map((t) => requestFor(door, t, tokens)));
  return runLoad({ baseUrl: server.url, connections, requests, capSeconds, isSuccess: removalSucceeded(door), serverPid: server.pid });
}

/** The dashboards' reads (lib/reads.ts): each case's answer compared between the service and
 * the floor first, then measured at 1 client (every case) and at 16 clients (the 100,000-member
 * tenant's member pages, myTenants, the dashboard), floor and GraphQL back to back per round
 * (order rotated); then statements per read on the wire (and per page size) and the plans. */
async function reads(c: Pool, tokens: Tokens, plan: Plan, poolSize: number, results: BenchResults): Promise<void> {
  const db = benchDatabase();
  const cases = await readCases(c, tokens);
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (reads)' });
  const floor = await startFloor({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'floor (reads)' });
  try {
    const measured: ReadCase[] = [];
    for (const read of cases) {
      const mismatch = await compareAnswers(read, service.url, floor.url);
      if (mismatch) {
        results.readMismatches.push(`${read.label} (${read.size ?? '-'}): ${mismatch}`);
        log(`  reads: ${read.label} (${read.size}) NOT MEASURED — ${mismatch}`);
      } else measured.push(read);
    }
    log(`reads: ${measured.length} case(s), warming up …`);
    for (const read of measured)
      for (const door of ['floor', 'graphql'] as const) await runRead(door === 'floor' ? floor : service, door === 'floor' ? read.floor : read.graphql, 4, 100, plan.runCapSeconds);
    const at16 = (r: ReadCase) => r.size !== 'm' || r.kind === 'dashboard';
    for (const connections of [1, 16]) {
      for (let round = 0; round < plan.readRounds; round++) {
        for (const read of measured.filter((r) => connections === 1 || at16(r))) {
          const doors = round % 2 ? (['graphql', 'floor'] as const) : (['floor', 'graphql'] as const);
          for (const door of doors) {
            const latencies: number[] = [];
            const load1 = loadavg()[0];
            const result = await runRead(door === 'floor' ? floor : service, door === 'floor' ? read.floor : read.graphql, connections, plan.readRequestsAt[connections], plan.runCapSeconds, (ms) => latencies.push(ms));
            results.reads.push({ kind: read.kind, size: read.size, door, connections, round, result, latencies, load1 });
            const l = summarize(latencies);
            log(`  ${read.label} (${read.size ?? '-'}) c=${connections} round ${round + 1} ${door}: ${result.rps.toFixed(0)} req/s, p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} ms, ${result.ok}/${result.requests} ok${result.failed ? ` — ${result.failures[0]}` : ''}`);
          }
        }
      }
    }
  } finally {
    await service.stop();
    await floor.stop();
  }
  log(`reads: counting statements on the wire (${plan.readCountRequests} per case and server) …`);
  const pageSizes = await readCases(c, tokens, { pageSizes: [10, 50, 100] });
  results.readCounts = await countReads({ db, jwtSecret: BENCH_JWT_SECRET, cases: [...cases, ...pageSizes.filter((r) => r.first !== 50)], times: plan.readCountRequests });
  for (const n of results.readCounts) log(`  ${n.kind} (${n.size ?? '-'}, first ${n.first ?? '-'}) ${n.door}: ${n.statements.mean} statements, ${n.roundTrips.mean} round trips (${n.ok}/${n.requests} ok)`);
  const one = await c.connect();
  try {
    for (const n of results.readCounts.filter((x) => x.door === 'graphql' && (x.first ?? 50) === 50)) {
      const statements = await explainRead(one, n.sample, { prepared: true });
      results.readExplain.push({ kind: n.kind, size: n.size, statements });
      log(`  EXPLAIN ${n.kind} (${n.size ?? '-'}): ${statements.map((s) => `${s.executionMs.toFixed(2)} ms, ${s.rowsRead} rows${s.seqScans.length ? `, seq scan: ${s.seqScans.join(' ')}` : ''}`).join(' | ')}`);
    }
  } finally {
    one.release();
  }
}

function runRead(server: Started, request: LoadRequest, connections: number, count: number, capSeconds: number, onLatency?: (ms: number) => void) {
  return runLoad({ baseUrl: server.url, connections, requests: Array.from({ length: count }, () => request), capSeconds, isSuccess: readSucceeded, serverPid: server.pid, onLatency });
}

/** Removals with an Idempotency-Key against removals without (many tenants, 16 clients; per
 * round the two back to back, order alternating, each door), then keyed removals at 1 client
 * and the very same requests again: every one a replay of the stored answer (its target is
 * gone, so only a replay can answer 200 with the receipt). */
async function idempotency(c: Pool, tokens: Tokens, plan: Plan, poolSize: number, results: BenchResults): Promise<void> {
  const db = benchDatabase();
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (idempotency)' });
  const run = async (door: 'graphql' | 'rest', kind: IdemRun['kind'], requests: LoadRequest[], connections: number, round: number) => {
    const latencies: number[] = [];
    const load1 = loadavg()[0];
    const result = await runLoad({ baseUrl: service.url, connections, requests, capSeconds: plan.runCapSeconds, isSuccess: removalSucceeded(door), serverPid: service.pid, onLatency: (ms) => latencies.push(ms) });
    results.idem.push({ door, kind, connections, round, result, latencies, load1 });
    const l = summarize(latencies);
    log(`  ${door} ${kind} c=${connections} round ${round + 1}: ${result.rps.toFixed(0)} req/s, p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} ms, ${result.ok}/${result.requests} ok${result.failed ? ` — ${result.failures[0]}` : ''}`);
  };
  const removals = async (door: 'graphql' | 'rest', keyed: boolean, count: number) => {
    const targets = await claimTargets(c, 'm', MAIN_PROFILE, count);
    return Promise.all(targets.map((t) => requestFor(door, t, tokens, keyed ? { idempotencyKey: randomUUID() } : {})));
  };
  try {
    log('Idempotency-Key: removals with and without a key, 16 clients …');
    for (let round = 0; round < plan.idemRounds; round++)
      for (const door of ['graphql', 'rest'] as const)
        for (const keyed of round % 2 ? [true, false] : [false, true]) await run(door, keyed ? 'keyed' : 'plain', await removals(door, keyed, plan.idemRequestsAt[16]), 16, round);
    log('Idempotency-Key: keyed removals, then the same requests again (replays), 1 client …');
    for (const door of ['graphql', 'rest'] as const) {
      const requests = await removals(door, true, plan.idemRequestsAt[1]);
      await run(door, 'keyed', requests, 1, 0);
      await run(door, 'replay', requests, 1, 0);
    }
  } finally {
    await service.stop();
  }
}

/** RSS and live heap of a fresh service across `plan.memoryRemovals` removals (GraphQL and REST
 * alternating in chunks of 1,000 at 16 clients), after a warm-up. The live heap is read after a
 * full collection forced through the inspector (lib/heap-probe.ts). */
async function memory(c: Pool, tokens: Tokens, plan: Plan, poolSize: number) {
  const db = benchDatabase();
  log(`memory: ${plan.memoryWarmup} warm-up removals, then ${plan.memoryRemovals} more, RSS and live heap after each 1,000 …`);
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, name: 'service (memory)', nodeArgs: ['--inspect=127.0.0.1:0'] });
  const samples: MemorySample[] = [];
  let probe: HeapProbe | undefined;
  try {
    probe = await HeapProbe.connect(service.output());
    const sample = async (removals: number) => {
      const liveHeapMiB = await probe!.liveHeapMiB();
      samples.push({ removals, rssMiB: rssMiB(service.pid), liveHeapMiB });
      log(`  after ${removals}: RSS ${samples[samples.length - 1].rssMiB.toFixed(1)} MiB, live heap ${liveHeapMiB.toFixed(2)} MiB`);
    };
    await drive(c, tokens, service, 'graphql', 'xl', MEMORY_PROFILE, plan.memoryWarmup, 16, 120);
    await sample(0);
    const chunk = 1_000;
    for (let done = 0; done < plan.memoryRemovals; done += chunk) {
      const door: Door = (done / chunk) % 2 === 0 ? 'graphql' : 'rest';
      const r = await drive(c, tokens, service, door, 'xl', MEMORY_PROFILE, Math.min(chunk, plan.memoryRemovals - done), 16, 120);
      if (r.failed) log(`  memory chunk ${door}: ${r.failed} failed: ${r.failures[0]}`);
      await sample(done + Math.min(chunk, plan.memoryRemovals - done));
    }
  } finally {
    probe?.close();
    await service.stop();
  }
  return { samples, door: 'GraphQL and REST alternating per 1,000, 16 clients' };
}

function line(run: Run): string {
  const r = run.result;
  const l = summarize(run.latencies);
  return `${r.rps.toFixed(0)} req/s, p50 ${l.p50.toFixed(1)} p95 ${l.p95.toFixed(1)} p99 ${l.p99.toFixed(1)} ms, ${r.ok}/${r.requests} ok${run.leftover ? `, ${run.leftover} NOT REMOVED` : ''}, CPU ms/req: server ${r.serverCpuMsPerRequest?.toFixed(2)}, db ${r.dbCpuMsPerRequest.toFixed(2)}, load gen ${r.loadCpuMsPerRequest.toFixed(2)}; machine ${(r.machineBusy * 100).toFixed(0)} % busy, load ${run.load1.toFixed(1)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
