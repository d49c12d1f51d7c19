import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOLDER_FILE, type Holder } from '../../src/db/data-dir-lock.ts';
import { runTenantry } from '../helpers/cli-process.ts';
import { HttpClient } from '../helpers/http.ts';
import { killAllServices, ServiceProcess } from '../helpers/service-process.ts';

/** One embedded data directory, several processes: the service holds it, the CLI acts through
 * the service's database, a second service is refused, and a SIGKILLed holder leaves no lock.
 * Embedded by nature: these processes get a DATA_DIR and no DATABASE_URL whatever
 * TEST_DATABASE_URL says. */

const START_TIMEOUT_MS = 120_000;
const REFUSAL_TIMEOUT_MS = 120_000;
jest.setTimeout(3 * START_TIMEOUT_MS);

let dataDir: string;
let env: Record<string, string>;
const credentials = { email: 'made-by-cli@example.com', password: 'a long enough password' };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantry-lock-'));
  env = { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
});

afterAll(async () => {
  await killAllServices();
  await rm(dataDir, { recursive: true, force: true });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Which process the data directory's holder file names, and where it serves the database. */
const holderFile = () => JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as Holder;

async function logsIn(http: HttpClient, email: string): Promise<number> {
  return (await http.post('/api/v1/auth/login', { form: { username: email, password: credentials.password } })).status;
}

/** `tenantry users create` on the service's DATA_DIR: it must act through that service. */
async function createUserThrough(service: ServiceProcess, email: string): Promise<void> {
  const run = await runTenantry(['users', 'create', '--email', email, '--password-stdin'], { DATA_DIR: dataDir }, { stdin: credentials.password });
  expect(run.stdout).toMatch(new RegExp(`^created user \\S+ ${escape(email)}$`, 'm'));
  const { database } = holderFile();
  expect(run).toMatchObject({ code: 0, stderr: `database: embedded ${dataDir} (through process ${service.child.pid}, the Tenantry service, on ${database!.host}/.s.PGSQL.${database!.port})\n` });
}

describe('one embedded data directory, one process', () => {
  let first: ServiceProcess;
  let http: HttpClient;

  it('the CLI creates a user through the running service, which then logs that user in', async () => {
    first = new ServiceProcess('first', env);
    http = new HttpClient(await first.listening(START_TIMEOUT_MS));
    expect(holderFile()).toEqual({ pid: first.child.pid, role: 'the Tenantry service', database: { host: expect.stringMatching(/^\//), port: expect.any(Number) } });
    await createUserThrough(first, credentials.email);
    expect(await logsIn(http, credentials.email)).toBe(200);
  });

  it('a second service on the same DATA_DIR exits 1 naming the holder; the first keeps serving', async () => {
    const second = new ServiceProcess('second', env);
    const exit = await second.exitWithin(REFUSAL_TIMEOUT_MS);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(second.stderr).toContain(`Tenantry cannot start: the data directory ${dataDir} (DATA_DIR) is in use by process ${first.child.pid} (the Tenantry service)`);
    expect(second.stdout).not.toContain('Tenantry listening');
    expect(holderFile().pid).toBe(first.child.pid);
    expect(await logsIn(http, credentials.email)).toBe(200);
  });

  it('a service killed with SIGKILL leaves no lock: the next start serves the same data, the CLI through it', async () => {
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(holderFile().pid).toBe(first.child.pid); // the file outlives it; the lock does not

    const next = new ServiceProcess('next', env);
    const nextHttp = new HttpClient(await next.listening(START_TIMEOUT_MS));
    expect(holderFile().pid).toBe(next.child.pid);
    expect(await logsIn(nextHttp, credentials.email)).toBe(200);
    await createUserThrough(next, 'after-restart@example.com');
    expect(await logsIn(nextHttp, 'after-restart@example.com')).toBe(200);

    expect(await next.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, HOLDER_FILE))).toBe(false); // a clean stop removes it
  });
});
