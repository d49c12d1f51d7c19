import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { HttpClient } from '../helpers/http.ts';
import { databaseUrl, killAllServices, ServiceProcess } from '../helpers/service-process.ts';

/** The real service as `npm start` runs it, in a child process: it comes up, serves, stops on
 * SIGTERM with exit code 0, and comes back on the same data. Without TEST_DATABASE_URL it runs
 * the embedded database in a temporary DATA_DIR; with it, on a fresh empty database of that
 * server, which the service migrates itself. */

// A fresh embedded database (a copy of the migrated template) and a reopen take ~1–2 s on an idle
// machine, 3–7 s when the template must be built first; the bounds leave room for a loaded CI box
// without letting a hung process stall the run.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const REFUSAL_TIMEOUT_MS = 60_000; // loading the code through swc is all that happens before the refusal

// /ready answers 503 while the first query takes over a second, which a loaded machine can make it.
const READY_TIMEOUT_MS = 30_000;

/** The first 200 from /ready, or the last answer once the time is up. */
async function readyWithin(http: HttpClient, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await http.get('/ready');
    if (response.status === 200 || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
  await killAllServices();
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
    'starts on a fresh database, migrated, serves register → login → me, and stops on SIGTERM with exit code 0',
    async () => {
      const service = new ServiceProcess('service', serviceEnv);
      const http = new HttpClient(await service.listening(START_TIMEOUT_MS));

      if (onRealPostgres) {
        expect(service.messages).toContainEqual(expect.stringMatching(/^applied migrations: /));
      } else {
        // A new embedded data directory is a copy of the migrated template: its migrations are
        // recorded and nothing is left to apply (test/db/embedded-runtime.test.ts checks the rows).
        expect(service.messages).toContainEqual(expect.stringMatching(/^embedded PostgreSQL on .*, new: a copy of the migrated template\) in \d+ ms$/));
        expect(service.messages).toContain('database schema is up to date');
      }
      expect(existsSync(join(dataDir, 'pg'))).toBe(!onRealPostgres); // the embedded database only without DATABASE_URL
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);

      expect(await http.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await readyWithin(http, READY_TIMEOUT_MS)).toMatchObject({ status: 200, body: { ready: true } });

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
      const service = new ServiceProcess('service', serviceEnv);
      const http = new HttpClient(await service.listening(START_TIMEOUT_MS));

      expect(service.messages).toContain('database schema is up to date');
      expect(service.messages).not.toContainEqual(expect.stringMatching(/^applied/));
      // The log sends a person to `/`, the page that lists what works offline, not to /graphql.
      const listening = service.messages.find((msg) => msg.startsWith('Tenantry listening on'));
      expect(listening).toMatch(/^Tenantry listening on (http:\/\/\S+) \(start at \1\/\)$/);
      expect(listening).not.toContain('/graphql');
      expect(await readyWithin(http, READY_TIMEOUT_MS)).toMatchObject({ status: 200, body: { ready: true } });

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

describe('production mode for every library', () => {
  it(
    'with APP_ENV=production and NODE_ENV unset, runs graphql-js without its development checks (NODE_ENV=production for every library)',
    async () => {
      const production = {
        ...serviceEnv,
        DATA_DIR: join(dataDir, 'production'),
        APP_ENV: 'production',
        JWT_SECRET: 'p'.repeat(32),
        ...(onRealPostgres ? {} : { ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' }),
      };
      const service = new ServiceProcess('production service', production);
      const http = new HttpClient(await service.listening(START_TIMEOUT_MS));
      expect(service.messages).toContain('production mode: NODE_ENV=production, graphql-js without development checks');
      expect(await http.get('/health')).toMatchObject({ status: 200 });
      expect(service.child.kill('SIGTERM')).toBe(true);
      expect(await service.exitWithin(STOP_TIMEOUT_MS)).toEqual({ code: 0, signal: null });
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );
});

describe('`npm start` stopped by a signal sent to the npm process', () => {
  // npm runs the script through `sh -c` and forwards SIGTERM/SIGINT to that shell; "start" execs
  // node so that the forwarded signal reaches the server, and npm exits when node has stopped.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: the server drains, closes the database and exits; npm exits 0 after it; nothing keeps serving',
    async (signal) => {
      const npm = new ServiceProcess('npm start', serviceEnv, { viaNpm: true });
      const url = await npm.listening(START_TIMEOUT_MS);
      const http = new HttpClient(url);
      expect(await http.get('/health')).toMatchObject({ status: 200 });
      const serverPid = npm.lines.find((line) => line.msg.startsWith('Tenantry listening'))!.pid as number;
      expect(serverPid).not.toBe(npm.child.pid); // the server is npm's descendant, not npm itself

      expect(npm.child.kill(signal)).toBe(true);
      const exit = await npm.exitWithin(STOP_TIMEOUT_MS);
      expect(exit).toEqual({ code: 0, signal: null });
      const draining = npm.messages.findIndex((msg) => msg.startsWith(`${signal}: draining`));
      expect(draining).toBeGreaterThanOrEqual(0);
      expect(npm.messages.indexOf('stopped', draining)).toBeGreaterThan(draining);
      expect(isAlive(serverPid)).toBe(false);
      await expect(fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
      expect(npm.errors()).toEqual([]);
    },
    START_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: no such process
  }
}

describe('refusing to start on bad configuration', () => {
  /** Fails before touching any database: a separate DATA_DIR that must stay absent proves it. */
  async function refuses(env: Record<string, string>) {
    const untouched = join(dataDir, 'must-not-be-created');
    const service = new ServiceProcess('service', { ...serviceEnv, DATA_DIR: untouched, ...env });
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

  it('exits non-zero naming DATABASE_URL and ALLOW_EMBEDDED_DB_IN_PRODUCTION in production without a database URL', async () => {
    const { exit, stderr } = await refuses({ APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: '' });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderr).toMatch(/DATABASE_URL: required in production/);
    expect(stderr).toMatch(/ALLOW_EMBEDDED_DB_IN_PRODUCTION=true/);
  }, REFUSAL_TIMEOUT_MS + 15_000);

  it('refuses a port in use with one line that says what to do, before creating any database', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const { exit, stderr } = await refuses({ PORT: String(port) });
      expect(exit.code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`Port ${port} on 127.0.0.1 is in use: stop the process that holds it, or set PORT to another port.`]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, REFUSAL_TIMEOUT_MS + 15_000);

  it('exits non-zero naming NODE_ENV in production when NODE_ENV says otherwise (libraries would run their development code)', async () => {
    const { exit, stderr } = await refuses({ APP_ENV: 'production', NODE_ENV: 'development', JWT_SECRET: 'x'.repeat(32), ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderr).toMatch(/NODE_ENV: must be production or unset in production/);
  }, REFUSAL_TIMEOUT_MS + 15_000);

  it.each(['eighty', '70000', '-1'])('exits non-zero naming PORT for PORT=%s', async (port) => {
    const { exit, stderr } = await refuses({ PORT: port });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(stderr).toMatch(/\bPORT\b/);
  }, REFUSAL_TIMEOUT_MS + 15_000);
});
