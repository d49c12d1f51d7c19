// `npm run bench:profile [-- --requests N --connections C --door graphql|rest|both]
//   [--reads members-first,members-deep,members-search,my-tenants,dashboard]`
// CPU-profiles the service (node --cpu-prof) while it serves removals (or, with --reads, the
// GraphQL reads of lib/reads.ts: members pages of the 100,000-member tenant), and prints where its CPU
// goes during the load alone (start-up excluded), by package and by function. Needs a seeded
// bench database (`npm run bench:seed`); uses its unclaimed R10/A10 targets in the 100,000-member
// tenant. Profiles are kept in bench/out/profiles/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeProfile, type ProfileSummary } from './lib/cpu-profile.ts';
import { benchDatabase, databaseExists, withPool } from './lib/database.ts';
import { runLoad } from './lib/load.ts';
import { MAIN_PROFILE, PROFILE_WARMUP, type Door } from './lib/plan.ts';
import { ROOT, startService } from './lib/processes.ts';
import { claimTargets, removalSucceeded, requestFor, Tokens } from './lib/targets.ts';
import { readCases, readSucceeded, type ReadKind } from './lib/reads.ts';
import { BENCH_JWT_SECRET, flag, option } from './lib/cli.ts';

export const PROBES: Record<string, RegExp> = {
  'fastify (routing, hooks, reply)': /node_modules\/fastify\//,
  'apollo server (request pipeline)': /node_modules\/@apollo\/server\//,
  'graphql-js parse': /node_modules\/graphql\/language\/(parser|lexer)/,
  'graphql-js validate': /node_modules\/graphql\/validation\//,
  'graphql-js execute': /node_modules\/graphql\/execution\//,
  'graphql-shield / middleware': /node_modules\/graphql-(shield|middleware)\//,
  'type-graphql': /node_modules\/type-graphql\//,
  'prisma client runtime': /node_modules\/@prisma\/client\//,
  'prisma adapter-pg + driver utils': /node_modules\/@prisma\/(adapter-pg|driver-adapter-utils)\//,
  'pg driver': /node_modules\/pg(-protocol|-pool|-types)?\//,
  'jose (JWT verify)': /node_modules\/jose\//,
  'pino (logging)': /node_modules\/pino/,
  'zod': /node_modules\/zod\//,
  'src/auth': /\/src\/auth\//,
  'src/graphql': /\/src\/graphql\//,
  'src/domain': /\/src\/domain\//,
  'src/rest': /\/src\/rest\//,
  'garbage collector': /^\(garbage collector\)$/,
};

export async function profileService(opts: { requests: number; connections: number; doors: Door[]; reads?: ReadKind[]; tag: string; log: (line: string) => void }) {
  const db = benchDatabase();
  if (!(await databaseExists(db))) throw new Error(`no bench database ${db.name}: run \`npm run bench:seed\` first`);
  const dir = path.join(ROOT, 'bench/out/profiles', opts.tag);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tokens = new Tokens(BENCH_JWT_SECRET);
  const service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize: 10, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const windows: { door: string; fromUs: number; toUs: number; rps: number; cpu: number | null }[] = [];
  try {
    await withPool(db.connection, async (c) => {
      // Warm up first (JIT, pool), outside every window.
      const warm = await claimTargets(c, 'xl', MAIN_PROFILE, PROFILE_WARMUP);
      await runLoad({
        baseUrl: service.url,
        connections: 4,
        requests: await Promise.all(warm.map((t, i) => requestFor(i % 2 ? 'rest' : 'graphql', t, tokens))),
        capSeconds: 60,
        isSuccess: () => true,
      });
      const cases = opts.reads?.length ? (await readCases(c, tokens)).filter((r) => opts.reads!.includes(r.kind) && (r.size !== 'm' || r.kind === 'dashboard')) : [];
      for (const read of cases) {
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const r = await runLoad({ baseUrl: service.url, connections: opts.connections, requests: Array.from({ length: opts.requests }, () => read.graphql), capSeconds: 120, isSuccess: readSucceeded, serverPid: service.pid });
        const toUs = Number(process.hrtime.bigint() / 1000n);
        if (r.failed) opts.log(`  ${read.kind}: ${r.failed} failed: ${r.failures[0]}`);
        windows.push({ door: `read ${read.kind}`, fromUs, toUs, rps: r.rps, cpu: r.serverCpuMsPerRequest });
      }
      for (const door of cases.length ? [] : opts.doors) {
        const targets = await claimTargets(c, 'xl', MAIN_PROFILE, opts.requests);
        const requests = await Promise.all(targets.map((t) => requestFor(door, t, tokens)));
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const r = await runLoad({ baseUrl: service.url, connections: opts.connections, requests, capSeconds: 120, isSuccess: removalSucceeded(door), serverPid: service.pid });
        const toUs = Number(process.hrtime.bigint() / 1000n);
        if (r.failed) opts.log(`  ${door}: ${r.failed} failed: ${r.failures[0]}`);
        windows.push({ door, fromUs, toUs, rps: r.rps, cpu: r.serverCpuMsPerRequest });
      }
    });
  } finally {
    await service.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the service wrote no .cpuprofile');
  const results: { door: string; rps: number; cpu: number | null; requests: number; summary: ProfileSummary }[] = [];
  for (const w of windows) {
    results.push({ door: w.door, rps: w.rps, cpu: w.cpu, requests: opts.requests, summary: summarizeProfile(path.join(dir, file), ROOT, PROBES, 25, w) });
  }
  return { dir, file, results };
}

export function profileMarkdown(results: Awaited<ReturnType<typeof profileService>>['results']): string {
  const lines: string[] = [];
  for (const r of results) {
    const per = (ms: number) => (ms / r.requests).toFixed(3);
    const unit = r.door.startsWith('read ') ? 'request' : 'removal';
    lines.push(`#### ${r.door}: ${r.requests} ${unit}s, ${r.rps.toFixed(0)} req/s, ${r.summary.totalMs.toFixed(0)} ms on CPU in the main thread (${per(r.summary.totalMs)} ms/${unit}), ${r.summary.idleMs.toFixed(0)} ms idle`, '');
    lines.push(`| inclusive (a frame of it on the stack) | ms/${unit} | share |`, '|---|---:|---:|');
    for (const p of r.summary.inclusive) lines.push(`| ${p.name} | ${per(p.ms)} | ${(p.share * 100).toFixed(1)} % |`);
    lines.push('', `| self time by package | ms/${unit} | share |`, '|---|---:|---:|');
    for (const p of r.summary.byPackage.slice(0, 15)) lines.push(`| ${p.name} | ${per(p.ms)} | ${(p.share * 100).toFixed(1)} % |`);
    lines.push('', `| self time by function (top 15) | ms/${unit} | share |`, '|---|---:|---:|');
    for (const p of r.summary.byFunction.slice(0, 15)) lines.push(`| \`${p.name.replace(/\|/g, '\\|')}\` | ${per(p.ms)} | ${(p.share * 100).toFixed(1)} % |`);
    lines.push('');
  }
  return lines.join('\n');
}

if (require.main === module) {
  const doorArg = option('door', 'both');
  const doors: Door[] = doorArg === 'both' ? ['graphql', 'rest'] : [doorArg as Door];
  const tag = option('tag', 'latest');
  const reads = option('reads', '').split(',').filter(Boolean) as ReadKind[];
  profileService({ requests: Number(option('requests', '1000')), connections: Number(option('connections', '16')), doors, reads, tag, log: console.log })
    .then(({ dir, results }) => {
      const md = profileMarkdown(results);
      writeFileSync(path.join(dir, 'summary.md'), md);
      console.log(md);
      console.log(`profile and summary in ${path.relative(process.cwd(), dir)}`);
      if (flag('json')) console.log(JSON.stringify(results, null, 1));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
