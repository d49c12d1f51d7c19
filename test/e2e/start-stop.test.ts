import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { HttpClient } from '../helpers/http.ts';

/** The real service as `npm start` runs it, in a child process: it comes up, serves, stops on
 * SIGTERM with exit code 0, and comes back on the same data. Without TEST_DATABASE_URL it runs
 * the embedded database in a temporary DATA_DIR; with it, on a fresh empty database of that
 * server, which the service migrates itself. */

const ROOT = join(__dirname, '..', '..');
// A fresh embedded database takes 3–7 s and a reopen ~1 s on an idle machine; the bounds leave room
// for a loaded CI box without letting a hung process stall the run.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const REFUSAL_TIMEOUT_MS = 60_000; // loading the code through swc is all that happens before the refusal

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** One run of the service: its output, parsed as it arrives. */
class ServiceProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private pending = '';
  private waiters: (() => void)[] = [];

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.pending += chunk;
      const complete = this.pending.split('\n');
      this.pending = complete.pop()!;
      for (const line of complete) {
        if (!line.trim()) continue;
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 0, msg: line });
        }
      }
      this.notify();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        this.notify();
      });
    });
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  get messages(): string[] {
    return this.lines.map((line) => line.msg);
  }

  /** Resolves with the first log line matching, rejects if the process exits or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const check = () => {
        const line = this.lines.find((candidate) => pattern.test(candidate.msg));
        if (line || this.exit) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((waiter) => waiter !== check);
          if (line) resolve(line);
          else reject(new Error(`the service exited (${JSON.stringify(this.exit)}) before logging ${pattern}\n${this.describe()}`));
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  /** Waits until the service listens; returns its base URL, read from its own log line. */
  async started(): Promise<string> {
    const line = await this.waitForLine(/^Tenantry listening on http:\/\/[^\s]+:\d+/, START_TIMEOUT_MS);
    return /^Tenantry listening on (http:\/\/[^\s]+:\d+)/.exec(line.msg)![1];
  }

  /** Resolves with how the process ended, or rejects after timeoutMs (the process is left to afterAll). */
  async exitWithin(timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the service did not exit within ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return `--- stdout ---\n${this.stdout}--- stderr ---\n${this.stderr}`;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const running = new Set<ServiceProcess>();

/** What a shell would pass on, and nothing of Jest's (NODE_ENV=test would change the service's
 * mode and, with it, Apollo's signal handling) nor of this machine's Tenantry settings. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

function databaseUrl(database: TestDatabase): string {
  const { user, password, host, port, database: name } = database.connection;
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(name)}`;
}

let dataDir: string;
let database: TestDatabase | undefined;
let serviceEnv: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantry-e2e-'));
  serviceEnv = { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  if (onRealPostgres) {
    database = await createEmptyDatabase();
    serviceEnv.DATABASE_URL = databaseUrl(database);
  }
});

afterAll(async () => {
  // Never leave a service behind, whatever failed.
  for (const service of running) service.child.kill('SIGKILL');
  await Promise.all([...running].map((service) => service.exited));
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the service as a process', () => {
  const credentials = { email: 'Operator@Example.com', password: 'a long enough password' };
  let firstToken: string;
  let userId: string;

  /** SIGTERM, then: exit code 0 (not death by the signal) within the bound, after logging the
   * drain and "stopped" — i.e. main.ts's shutdown ran to the end and closed the database. */
  async function stopCleanly(service: ServiceProcess): Promise<void> {
    expect(service.child.kill('SIGTERM')).toBe(true);
    const exit = await service.exitWithin(STOP_TIMEOUT_MS);
    const messages = service.messages;
    const draining = messages.findIndex((msg) => msg.startsWith('SIGTERM: draining'));
    expect({ exit, draining: draining >= 0, stoppedAfterDraining: messages.indexOf('stopped', draining) > draining }).toEqual({
      exit: { code: 0, signal: null },
      draining: true,
      stoppedAfterDraining: true,
    });
    expect(service.lines.filter((line) => line.level >= 50)).toEqual([]);
  }

  it(
    'starts on a fresh database, migrates it, serves register → login → me, and stops on SIGTERM with exit code 0',
    async () => {
      const service = new ServiceProcess(serviceEnv);
      const http = new HttpClient(await service.started());

      expect(service.messages).toContainEqual(expect.stringMatching(/^applied migrations: /));
      expect(existsSync(join(dataDir, 'pg'))).toBe(!onRealPostgres); // the embedded database only without DATABASE_URL
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);

      expect(await http.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await http.get('/ready')).toMatchObject({ status: 200, body: { ready: true } });

      const registered = await http.post('/api/v1/auth/register', { json: credentials });
      expect(registered.status).toBe(201);
      userId = registered.body.id;
      const login = await http.post('/api/v1/auth/login', { form: { username: 'operator@example.com', password: credentials.password } });
      expect(login).toMatchObject({ status: 200, body: { token_type: 'bearer', access_token: expect.any(String) } });
      firstToken = login.body.access_token;
      const me = await http.get('/api/v1/auth/me', { auth: { token: firstToken } });
      expect(me).toMatchObject({ status: 200, body: { id: userId, email: credentials.email, is_active: true } });
      const graphqlMe = await http.graphql('query { me { id email } }', {}, { token: firstToken });
      expect(graphqlMe.body).toEqual({ data: { me: { id: userId, email: credentials.email } } });

      await stopCleanly(service);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );

  it(
    'starts again on the same data: schema up to date, the account and the earlier token still valid',
    async () => {
      expect(firstToken).toBeDefined(); // needs the first test's account
      const service = new ServiceProcess(serviceEnv);
      const http = new HttpClient(await service.started());

      expect(service.messages).toContain('database schema is up to date');
      expect(service.messages).not.toContainEqual(expect.stringMatching(/^applied/));
      expect(await http.get('/ready')).toMatchObject({ status: 200, body: { ready: true } });

      // The JWT secret was generated into DATA_DIR on the first start and read back now.
      const withOldToken = await http.get('/api/v1/auth/me', { auth: { token: firstToken } });
      expect(withOldToken).toMatchObject({ status: 200, body: { id: userId, email: credentials.email } });

      const login = await http.post('/api/v1/auth/login', { form: { username: credentials.email, password: credentials.password } });
      expect(login.status).toBe(200);
      const me = await http.get('/api/v1/auth/me', { auth: { token: login.body.access_token } });
      expect(me).toMatchObject({ status: 200, body: { id: userId } });

      await stopCleanly(service);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );
});

describe('refusing to start on bad configuration', () => {
  /** Fails before touching any database: a separate DATA_DIR that must stay absent proves it. */
  async function refuses(env: Record<string, string>) {
    const untouched = join(dataDir, 'must-not-be-created');
    const service = new ServiceProcess({ ...serviceEnv, DATA_DIR: untouched, ...env });
    const exit = await service.exitWithin(REFUSAL_TIMEOUT_MS);
    expect(existsSync(untouched)).toBe(false);
    expect(service.stdout).not.toContain('Tenantry listening');
    return { exit, stderr: service.stderr };
  }

  it('exits non-zero naming JWT_SECRET in production without one', async () => {
    const { exit, stderr } = await refuses({ APP_ENV: 'production' });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderr).toMatch(/JWT_SECRET/);
  }, REFUSAL_TIMEOUT_MS + 15_000);

  it.each(['eighty', '70000', '-1'])('exits non-zero naming PORT for PORT=%s', async (port) => {
    const { exit, stderr } = await refuses({ PORT: port });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderr).toMatch(/\bPORT\b/);
  }, REFUSAL_TIMEOUT_MS + 15_000);
});
