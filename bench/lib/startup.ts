import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssMiB, startProcess } from './processes.ts';

export interface StartupRun {
  kind: 'fresh' | 'existing';
  /** Spawn to the first 200 from GET /ready (the database answered). */
  firstAnswerMs: number;
  /** Phases, from the service's own log lines (ms): Node start until the embedded database
   * starts; the embedded database (for a fresh directory: copying the template, or initdb), in a
   * worker thread while the main thread loads the server's modules (the longer of the two);
   * migrations; building the server until it listens; then the first /ready answer. Null where a
   * line is missing. */
  phases: { boot: number | null; embedded: number | null; migrations: number | null; server: number | null; firstRequest: number | null };
  rssMiB: number | null;
}

/** Start to first answer on the embedded database: src/main.ts with the Node options of
 * package.json's "start" (test/helpers/service-process.ts reads them), exactly as `npm start` runs
 * it, without DATABASE_URL, in a fresh data directory (a copy of the migrated template, or created
 * and migrated in place when there is none) and again on the directory it left (reopened). The
 * template is built by postinstall; a first fresh start without one builds it (~3 s more). */
export async function measureStartup(runs: { fresh: number; existing: number }, jwtSecret: string, log: (line: string) => void): Promise<StartupRun[]> {
  const out: StartupRun[] = [];
  for (let i = 0; i < runs.fresh; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tenantry-bench-start-'));
    try {
      out.push(await once('fresh', dir, jwtSecret));
      log(`  fresh #${i + 1}: ${out[out.length - 1].firstAnswerMs.toFixed(0)} ms`);
      if (i === runs.fresh - 1) {
        for (let j = 0; j < runs.existing; j++) {
          out.push(await once('existing', dir, jwtSecret));
          log(`  existing #${j + 1}: ${out[out.length - 1].firstAnswerMs.toFixed(0)} ms`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

async function once(kind: StartupRun['kind'], dataDir: string, jwtSecret: string): Promise<StartupRun> {
  const started = await startProcess({
    name: `service (embedded, ${kind})`,
    script: 'src/main.ts',
    readyPath: '/ready',
    pollMs: 10,
    timeoutMs: 60_000,
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'info', APP_ENV: 'production', JWT_SECRET: jwtSecret, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' },
  });
  const rss = rssMiB(started.pid);
  await started.stop();
  return { kind, firstAnswerMs: started.startMs, phases: phasesOf(started.output(), started.spawnedAt, started.startMs), rssMiB: rss };
}

function phasesOf(output: string, spawnedAt: number, firstAnswerMs: number): StartupRun['phases'] {
  const lines = output
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as { time: number; msg: string };
      } catch {
        return null;
      }
    })
    .filter((x): x is { time: number; msg: string } => x !== null && typeof x.msg === 'string');
  const at = (re: RegExp) => lines.find((l) => re.test(l.msg));
  const db = at(/^embedded PostgreSQL on .* in (\d+) ms/);
  const embeddedMs = db ? Number(/in (\d+) ms/.exec(db.msg)![1]) : null;
  const migrated = at(/^(database schema is up to date|applied migrations)/);
  const listening = at(/listening on/);
  const rel = (t?: number) => (t === undefined ? null : t - spawnedAt);
  const dbStart = db && embeddedMs !== null ? rel(db.time)! - embeddedMs : null;
  return {
    boot: dbStart,
    embedded: embeddedMs,
    migrations: migrated && db ? migrated.time - db.time : null,
    server: listening && (migrated ?? db) ? listening.time - (migrated ?? db)!.time : null,
    firstRequest: listening ? firstAnswerMs - rel(listening.time)! : null,
  };
}
