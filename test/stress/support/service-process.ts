import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestDatabase } from '../../helpers/database.ts';
import { TEST_JWT } from '../../helpers/app.ts';

/** The real service (`npm start`'s command) in a child process, as test/e2e/start-stop.test.ts
 * runs it, with its JSON log parsed as it arrives. */

const ROOT = join(__dirname, '..', '..', '..');
const START_TIMEOUT_MS = 60_000;

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export class ServiceProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly baseUrl: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private pending = '';

  /** `env` must carry PORT (see freePort). */
  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${env.PORT}`;
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.pending += chunk;
      const complete = this.pending.split('\n');
      this.pending = complete.pop()!;
      for (const raw of complete) {
        if (!raw.trim()) continue;
        let line: LogLine;
        try {
          line = JSON.parse(raw) as LogLine;
        } catch {
          line = { level: 0, msg: raw };
        }
        this.lines.push(line);
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  /** The base URL once the service answers /health (it logs at warn, so its "listening" line
   * is not printed: the port is chosen by the test). */
  async started(): Promise<string> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`${this.name} exited ${JSON.stringify(this.exit)} before listening\n${this.describe()}`);
      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return this.baseUrl;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} did not start within ${START_TIMEOUT_MS} ms\n${this.describe()}`);
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Log lines at error level or above (pino: 50 error, 60 fatal). */
  errors(): LogLine[] {
    return this.lines.filter((line) => line.level >= 50);
  }

  /** SIGTERM and wait; SIGKILL after 15 s. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    const tail = this.lines.slice(-30).map((line) => JSON.stringify(line)).join('\n');
    return `--- ${this.name} log (last 30) ---\n${tail}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }
}

const running = new Set<ServiceProcess>();

/** For afterAll: nothing survives the test file. */
export async function killAllServices(): Promise<void> {
  for (const service of running) service.child.kill('SIGKILL');
  await Promise.all([...running].map((service) => service.exited));
}

/** What a shell would pass on, and nothing of Jest's (NODE_ENV=test) nor this machine's Tenantry settings. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/** A loopback port free right now (the service binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function databaseUrl(database: TestDatabase): string {
  const { user, password, host, port, database: name } = database.connection;
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(name)}`;
}

/** The environment of a service on an already migrated database: production mode, the tests'
 * JWT secret (so tests can mint tokens), rate limits off (the load is far above a person's). */
export async function serviceEnv(database: TestDatabase, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    APP_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl(database),
    MIGRATE_ON_START: 'false',
    JWT_SECRET: TEST_JWT.secret,
    RATE_LIMIT_ENABLED: 'false',
    DB_POOL_SIZE: '10',
    ...extra,
  };
}
