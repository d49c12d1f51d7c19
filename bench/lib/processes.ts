import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, killAllServices, ServiceProcess } from '../../test/helpers/service-process.ts';
import { benchDatabase } from './database.ts';

export const ROOT = path.resolve(__dirname, '../..');

// No server the bench started outlives it, however the run ends.
process.on('exit', () => void killAllServices());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/** A server the bench started (the service or the floor), always on 127.0.0.1. */
export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  /** Milliseconds from spawn to the first 200 from GET `readyPath`. */
  startMs: number;
  /** Date.now() at spawn (to place the child's own log timestamps). */
  spawnedAt: number;
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Script relative to the repository root, run with [nodeArgs] and the Node options of `npm start`. */
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  readyPath: string;
  /** Give up waiting for the first answer after this long. */
  timeoutMs?: number;
  /** Poll interval while waiting for the first answer. */
  pollMs?: number;
  /** Repository to run the script from (default: this one; another copy for A/B comparisons). */
  root?: string;
}

/** Spawns a Node server and waits for its first 200 on `readyPath`. */
export async function startProcess(options: SpawnOptions): Promise<Started> {
  const port = String(Number(options.env.PORT) || (await freePort()));
  const server = new ServiceProcess(
    options.name,
    { HOST: '127.0.0.1', ...options.env, PORT: port },
    { script: options.script, nodeArgs: options.nodeArgs, root: options.root, baseEnv: cleanEnv() },
  );
  const url = await server.started({ path: options.readyPath, timeoutMs: options.timeoutMs ?? 120_000, pollMs: options.pollMs ?? 20, requestTimeoutMs: 2_000 });
  const startMs = server.sinceSpawnMs();
  return {
    name: options.name,
    child: server.child,
    pid: server.child.pid!,
    url,
    startMs,
    spawnedAt: server.spawnedAt,
    output: () => server.stdout + server.stderr,
    async stop() {
      await server.stop();
    },
  };
}

/** The service exactly as `npm start` runs it (src/main.ts), pointed at `databaseUrl`. */
export function startService(opts: { databaseUrl?: string; jwtSecret: string; poolSize: number; extraEnv?: Record<string, string>; nodeArgs?: string[]; name?: string; root?: string }) {
  return startProcess({
    name: opts.name ?? 'service',
    root: opts.root,
    script: 'src/main.ts',
    readyPath: '/ready',
    nodeArgs: opts.nodeArgs,
    env: {
      // Production as deployed: the service derives NODE_ENV=production from it before any
      // library loads (src/node-env.ts), and refuses to start if graphql-js missed it.
      APP_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: opts.jwtSecret,
      DB_POOL_SIZE: String(opts.poolSize),
      MIGRATE_ON_START: 'false',
      // The mutation rate limit (600/min per caller and per IP by default) would turn a load test
      // into a test of the limiter's 429s; raised out of reach, so its counting still costs what
      // it costs in production.
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000000',
      // Without a URL the benchmark measures the embedded database, in production mode on purpose.
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' }),
      ...opts.extraEnv,
    },
  });
}

/** The floor (bench/floor/server.ts) on the same database and pool size. */
export function startFloor(opts: { databaseUrl: string; jwtSecret: string; poolSize: number; name?: string }) {
  return startProcess({
    name: opts.name ?? 'floor',
    script: 'bench/floor/server.ts',
    readyPath: '/ready',
    // Production for its libraries too, as the service's APP_ENV=production makes it for its own.
    env: { NODE_ENV: 'production', DATABASE_URL: opts.databaseUrl, JWT_SECRET: opts.jwtSecret, DB_POOL_SIZE: String(opts.poolSize) },
  });
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment a child gets: ours without what would reconfigure it behind our back (a
 * NODE_ENV of the bench's own shell included: each server is given the production one above). */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(DATABASE_URL|PORT|HOST|LOG_LEVEL|JWT_|DB_POOL_SIZE|APP_ENV|NODE_ENV|DATA_DIR|MIGRATE_ON_START|EMBEDDED_DB_PORT|NODE_OPTIONS|TEST_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** CPU time (ms) used so far by the PostgreSQL backends connected to `database` (their process
 * title names it; by default the bench database, so another bench database on the same server
 * is not counted), from /proc. Shared background processes (WAL writer, checkpointer) and other
 * databases' backends are not counted. Only meaningful when the server runs on this machine. */
export function postgresCpuMs(database = benchDatabase().name): Map<number, number> {
  const total = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** CPU used between two postgresCpuMs() snapshots by the backends alive at the second one. */
export function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/** Busy and total CPU time of the whole machine so far (ms, all cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}
