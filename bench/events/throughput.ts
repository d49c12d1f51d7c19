// `npm run bench:events` (issue #20): what an active webhook endpoint costs the writers.
// One service process (`src/main.ts` as `npm start` runs it) on PostgreSQL; GraphQL removals at
// 16 clients (autocannon, like the main bench) in tenants without an endpoint and in tenants with
// one endpoint each, on a loopback receiver answering 200 that verifies every delivery with
// `standardwebhooks`; the two back to back per round, order alternating. Reports the throughput
// ratio (goal ≥ 95 %), the CPU per removal of the service and of PostgreSQL in each, and the time
// from commit to delivery, bounded from both sides (PostgreSQL does not record commit times
// unless track_commit_timestamp is on, which it is not here):
//  - from the event's occurredAt, the transaction's start: an upper bound;
//  - from the moment the removal's answer (carrying the event id) reached the client, after the
//    commit: a lower bound (negative when the webhook arrives before the HTTP answer does).
//
// Options: --quick (500 removals per run, 2 rounds); --removals N per run (default 2,000);
// --rounds N (default 3); --connections N (default 16); --tenants N per group (default 25);
// --pool N (DB_POOL_SIZE, default 10); --keep; --write-results (into bench/RESULTS.md).
// Environment: DATABASE_URL (the PostgreSQL server; the run creates tenantry_bench_events_<tag>).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { REMOVE_MUTATION } from '../../test/helpers/removal-doors.ts';
import { BENCH_JWT_SECRET, flag, option } from '../lib/cli.ts';
import { dropDatabase } from '../lib/database.ts';
import { runLoad, summarize, type LoadRequest, type LoadResult } from '../lib/load.ts';
import { summarizeProfile, type ProfileSummary } from '../lib/cpu-profile.ts';
import { ROOT, startService } from '../lib/processes.ts';
import { PROBES } from '../profile.ts';
import { removalSucceeded, Tokens } from '../lib/targets.ts';
import { WebhookReceiver } from './receiver.ts';
import { writeResultsSection } from './results.ts';
import { createEndpoints, freshDatabase, runTag, seedTenants, type SeededTenant } from './world.ts';

type Group = 'none' | 'endpoint';

interface Measured {
  group: Group;
  round: number;
  result: LoadResult;
  load1: number;
  /** From the last answer until every event of the run was delivered. */
  catchUpSeconds: number;
  /** CLOCK_MONOTONIC µs around the run (the service's CPU profile is cut to it). */
  fromUs: number;
  toUs: number;
}

/** With --profile: where the service's main thread spends its time per removal, by group. */
const EVENT_PROBES: Record<string, RegExp> = {
  'src/events (the relay, all of it)': /\/src\/events\//,
  'src/events/relay/claim.ts, store.ts (relay statements)': /\/src\/events\/relay\/(claim|store)\.ts/,
  'src/events/webhooks (target check, signing, POST)': /\/src\/events\/webhooks\//,
  'node:http client / net': /^node:(_http_client|_http_outgoing|net|_http_common)$/,
  ...PROBES,
};

async function main(): Promise<void> {
  const quick = flag('quick');
  const removals = Number(option('removals', quick ? '500' : '2000'));
  const rounds = Number(option('rounds', quick ? '2' : '3'));
  const connections = Number(option('connections', '16'));
  const perGroup = Number(option('tenants', '25'));
  const poolSize = Number(option('pool', '10'));
  const started = Date.now();
  const load0 = loadavg();
  const tag = runTag();
  const db = await freshDatabase(`tenantry_bench_events_${tag}`);
  const receiver = new WebhookReceiver({ failShare: 0, seed: 1, okStatus: 200 });
  const pool = new Pool({ ...db.connection, max: 2 });
  pool.on('error', () => undefined);
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    await receiver.listen();
    const warmUp = Math.min(200, removals);
    const single = Math.min(300, removals);
    const members = Math.ceil((removals * rounds + warmUp + single) / perGroup) + 1;
    // lib/load.ts counts the CPU of this database's backends (it names the bench database by BENCH_DB_NAME).
    process.env.BENCH_DB_NAME = db.name;
    const tenants = await seedTenants(db, { tenants: perGroup * 2, members, outsiders: 0, roles: 0 });
    const groups: Record<Group, SeededTenant[]> = { none: tenants.slice(0, perGroup), endpoint: tenants.slice(perGroup) };
    const endpoints = await createEndpoints(db, groups.endpoint, receiver.url);
    for (const [tenantId, { secret }] of endpoints) receiver.register(tenantId, secret);
    console.log(`seeded ${tenants.length} tenants of ${members} members; an endpoint in each of ${groups.endpoint.length}`);
    const profileDir = path.join(ROOT, 'bench/out/profiles/events');
    if (flag('profile')) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const nodeArgs = flag('profile') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize, nodeArgs, extraEnv: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });

    const tokens = new Tokens(BENCH_JWT_SECRET);
    const next: Record<Group, number> = { none: 0, endpoint: 0 };
    /** The next `count` removals of a group, round-robin over its tenants, each of its own member. */
    const requests = async (group: Group, count = removals): Promise<LoadRequest[]> => {
      const list: LoadRequest[] = [];
      for (let i = 0; i < count; i++) {
        const k = next[group]++;
        const tenant = groups[group][k % perGroup];
        const userId = tenant.members[Math.floor(k / perGroup)];
        list.push({
          method: 'POST',
          path: '/graphql',
          headers: { authorization: `Bearer ${await tokens.for(tenant.ownerId)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: REMOVE_MUTATION, variables: { tenantId: tenant.id, userId } }),
        });
      }
      return list;
    };
    const answeredAt = new Map<string, number>();
    const succeeded = removalSucceeded('graphql');
    const isSuccess = (status: number, body: string) => {
      const id = /"auditEventId":"([^"]+)"/.exec(body)?.[1];
      if (id) answeredAt.set(id, Date.now());
      return succeeded(status, body);
    };
    const caughtUp = async () => {
      for (;;) {
        const { rows } = await pool.query<{ behind: number }>(
          `SELECT count(*)::int AS behind FROM event_deliveries_cursor c JOIN tenants t ON t.id = c.tenant_id WHERE c.endpoint_id IS NOT NULL AND c.last_seq < t.last_event_seq`,
        );
        if (rows[0].behind === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    // Warm-up: both groups, untimed.
    for (const group of ['none', 'endpoint'] as Group[]) {
      await runLoad({ baseUrl: service.url, connections, requests: await requests(group, warmUp), capSeconds: 120, isSuccess });
    }
    await caughtUp();
    const runs: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      const order: Group[] = round % 2 ? ['endpoint', 'none'] : ['none', 'endpoint'];
      for (const group of order) {
        const list = await requests(group);
        const load1 = loadavg()[0];
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const result = await runLoad({ baseUrl: service.url, connections, requests: list, capSeconds: 300, isSuccess, serverPid: service.pid });
        // Deliveries that trail the last answer are part of the endpoint's cost: the window ends when they are done.
        const answered = Date.now();
        await caughtUp();
        runs.push({ group, round, result, load1, catchUpSeconds: (Date.now() - answered) / 1000, fromUs, toUs: Number(process.hrtime.bigint() / 1000n) });
        console.log(`  round ${round + 1} ${group.padEnd(8)} ${result.rps.toFixed(0)} removals/s, ${result.ok}/${result.requests} ok, CPU ms/removal service ${result.serverCpuMsPerRequest?.toFixed(2)} db ${result.dbCpuMsPerRequest.toFixed(2)}, load ${load1.toFixed(1)}`);
      }
    }

    const loaded = receiver.arrivals.filter((arrival) => arrival.status < 300);
    // The lag without queueing: removals one at a time, in the tenants with an endpoint.
    await runLoad({ baseUrl: service.url, connections: 1, requests: await requests('endpoint', single), capSeconds: 120, isSuccess });
    await caughtUp();
    const quiet = receiver.arrivals.slice(loaded.length).filter((arrival) => arrival.status < 300);
    const lags = (arrivals: typeof loaded) => ({
      fromStart: summarize(arrivals.map((arrival) => arrival.receivedAt - arrival.occurredAt)),
      fromAnswer: summarize(arrivals.flatMap((arrival) => (answeredAt.has(arrival.eventId) ? [arrival.receivedAt - answeredAt.get(arrival.eventId)!] : []))),
      count: arrivals.length,
    });
    let profile: { group: Group; removals: number; summary: ProfileSummary }[] = [];
    if (flag('profile')) {
      await service.stop();
      const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error('the service wrote no .cpuprofile');
      profile = runs.map((run) => ({ group: run.group, removals: run.result.requests, summary: summarizeProfile(path.join(profileDir, file), ROOT, EVENT_PROBES, 15, run) }));
    }
    const report = render({
      profile, runs, rounds, removals, connections, perGroup, poolSize, lag: [{ label: `${connections} clients (the runs above)`, ...lags(loaded.filter((arrival) => answeredAt.has(arrival.eventId))) }, { label: '1 client', ...lags(quiet) }], rejected: receiver.rejected.length, load0, load1: loadavg(), seconds: (Date.now() - started) / 1000 });
    console.log(`\n${report}`);
    if (flag('write-results')) writeResultsSection('Events: removal throughput with an active endpoint', report);
    if (receiver.rejected.length) process.exitCode = 1;
  } finally {
    await service?.stop();
    await receiver.close();
    await pool.end();
    if (!flag('keep')) await dropDatabase(db);
  }
}

function render(r: {
  profile: { group: Group; removals: number; summary: ProfileSummary }[];
  runs: Measured[];
  rounds: number;
  removals: number;
  connections: number;
  perGroup: number;
  poolSize: number;
  lag: { label: string; fromStart: ReturnType<typeof summarize>; fromAnswer: ReturnType<typeof summarize>; count: number }[];
  rejected: number;
  load0: number[];
  load1: number[];
  seconds: number;
}): string {
  const f0 = (x: number) => x.toFixed(0);
  const f1 = (x: number) => x.toFixed(1);
  const f2 = (x: number) => x.toFixed(2);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const of = (group: Group) => r.runs.filter((run) => run.group === group);
  const ratios = Array.from({ length: r.rounds }, (_, round) => {
    const [none, endpoint] = (['none', 'endpoint'] as Group[]).map((group) => r.runs.find((run) => run.round === round && run.group === group)!.result.rps);
    return endpoint / none;
  });
  const pooled = (group: Group) => of(group).reduce((s, run) => s + run.result.requests, 0) / of(group).reduce((s, run) => s + run.result.seconds, 0);
  const ratio = median(ratios);
  // Sustained: a relay that falls behind during a run does the rest after it, on the same cores.
  const sustained = (group: Group) => of(group).reduce((s, run) => s + run.result.requests, 0) / of(group).reduce((s, run) => s + run.result.seconds + run.catchUpSeconds, 0);
  const row = (group: Group) => {
    const runs = of(group);
    const cpu = (pick: (x: LoadResult) => number | null) => f2(median(runs.map((run) => pick(run.result) ?? NaN)));
    return `| ${group === 'none' ? 'no endpoint' : 'an endpoint per tenant'} | ${runs.map((run) => f0(run.result.rps)).join(' / ')} | ${f0(pooled(group))} | ${runs.map((run) => f1(run.result.latency.p50)).join(' / ')} | ${runs.map((run) => f1(run.result.latency.p99)).join(' / ')} | ${cpu((x) => x.serverCpuMsPerRequest)} | ${cpu((x) => x.dbCpuMsPerRequest)} | ${cpu((x) => x.loadCpuMsPerRequest)} | ${runs.map((run) => `${run.result.ok}/${run.result.requests}`).join(' / ')} |`;
  };
  return [
    `Command: \`npm run bench:events${r.rounds !== 3 || r.removals !== 2000 ? ` -- --rounds ${r.rounds} --removals ${r.removals}` : ''}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${f0(r.seconds)} s; load average (1/5/15 min) ${r.load0.map(f1).join(' / ')} before, ${r.load1.map(f1).join(' / ')} after (2 cores, shared with other work: absolute figures move, the ratio compares runs made back to back).`,
    '',
    `One service process (DB_POOL_SIZE ${r.poolSize}, no NATS), GraphQL \`removeUserFromTenant\` at ${r.connections} clients, ${r.removals} removals per run spread over ${r.perGroup} tenants, ${r.rounds} rounds with both back to back (order alternating). "An endpoint per tenant": the same removals in ${r.perGroup} other tenants, each with an active webhook endpoint on a loopback receiver (in the bench process) answering 200 and verifying every delivery with \`standardwebhooks\`. Each run starts once every earlier event is delivered.`,
    '',
    '| removals in tenants with | removals/s per round | pooled | p50 ms | p99 ms | service CPU ms/removal | PostgreSQL CPU ms/removal | bench process CPU ms/removal (autocannon + receiver) | ok |',
    '|---|---|---|---|---|---|---|---|---|',
    row('none'),
    row('endpoint'),
    '',
    `**Throughput with an endpoint: ${f1(ratio * 100)} % of without** (median of the per-round ratios ${ratios.map((x) => `${f1(x * 100)} %`).join(', ')}; pooled ${f1((pooled('endpoint') / pooled('none')) * 100)} %). Goal ≥ 95 %: ${ratio >= 0.95 ? 'met' : 'NOT met'}. Sustained, counting each run until its last event was delivered (the relay catches up after the last answer: ${of('endpoint').map((run) => `${f1(run.catchUpSeconds)} s`).join(', ')}): ${f1((sustained('endpoint') / sustained('none')) * 100)} %.`,
    '',
    `Commit → delivery on loopback (${r.rejected} deliveries failed verification), under the load above and with removals one at a time:`,
    '',
    '| removals at | deliveries | measured from | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|',
    ...r.lag.flatMap((lag) => [
      `| ${lag.label} | ${lag.count} | the event's occurredAt (the transaction's start; upper bound) | ${f1(lag.fromStart.p50)} | ${f1(lag.fromStart.p99)} | ${f1(lag.fromStart.max)} |`,
      `| ${lag.label} | ${lag.count} | the removal's answer reaching the client (after the commit; lower bound) | ${f1(lag.fromAnswer.p50)} | ${f1(lag.fromAnswer.p99)} | ${f1(lag.fromAnswer.max)} |`,
    ]),
    ...profileRows(r.profile),
  ].join('\n');
}

/** The service's main thread per removal, summed over each group's runs (until its deliveries were done). */
function profileRows(profile: { group: Group; removals: number; summary: ProfileSummary }[]): string[] {
  if (!profile.length) return [];
  const per = (group: Group) => {
    const mine = profile.filter((p) => p.group === group);
    const removals = mine.reduce((s, p) => s + p.removals, 0);
    const busy = mine.reduce((s, p) => s + p.summary.totalMs - p.summary.idleMs, 0) / removals;
    const probes = new Map<string, number>();
    for (const p of mine) for (const probe of p.summary.inclusive) probes.set(probe.name, (probes.get(probe.name) ?? 0) + probe.ms);
    return { busy, probes: new Map([...probes].map(([name, ms]) => [name, ms / removals])) };
  };
  const none = per('none');
  const endpoint = per('endpoint');
  const names = [...new Set([...none.probes.keys(), ...endpoint.probes.keys()])].filter((name) => (endpoint.probes.get(name) ?? 0) >= 0.01 || (none.probes.get(name) ?? 0) >= 0.01);
  return [
    '',
    'CPU profile of the service (`--profile`, V8 sampling, main thread; inclusive time of the frames matching each row, synchronous work only: what a statement or a socket costs later, in callbacks, counts under the pg driver or node:net):',
    '',
    '| ms per removal | no endpoint | an endpoint per tenant | difference |',
    '|---|---|---|---|',
    `| main thread busy | ${none.busy.toFixed(3)} | ${endpoint.busy.toFixed(3)} | ${(endpoint.busy - none.busy).toFixed(3)} |`,
    ...names.map((name) => {
      const [a, b] = [none.probes.get(name) ?? 0, endpoint.probes.get(name) ?? 0];
      return `| ${name} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b - a).toFixed(3)} |`;
    }),
  ];
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
