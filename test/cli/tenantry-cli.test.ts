import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/domain/accounts/api-key-secrets.ts';
import { verifyPassword } from '../../src/domain/accounts/passwords.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createEmptyDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { databaseUrl, REPO_ROOT, shellEnv } from '../helpers/service-process.ts';

/** `tenantry`, the operator CLI, as a process: bin/tenantry.js with the environment an operator
 * would give it. Without TEST_DATABASE_URL it acts on an embedded database in a temporary DATA_DIR;
 * with it, on a fresh empty database of that server (which the CLI migrates, as `npm start`
 * does). After the commands the test opens the same database and reads what they wrote. */

// Each run loads the TypeScript and opens the database: seconds on a loaded machine.
const RUN_TIMEOUT_MS = 120_000;
jest.setTimeout(15 * RUN_TIMEOUT_MS);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let database: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantry-cli-'));
  env = { DATA_DIR: dataDir };
  if (onRealPostgres) {
    database = await createEmptyDatabase();
    env.DATABASE_URL = databaseUrl(database);
  }
});

afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function tenantry(args: string[], options: { stdin?: string; command?: string[] } = {}): Promise<Run> {
  const [command, ...prefix] = options.command ?? [process.execPath, join(REPO_ROOT, 'bin', 'tenantry.js')];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { cwd: REPO_ROOT, env: { ...shellEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The database the CLI acted on, opened the way it opens it (only between commands: the
 * embedded database belongs to one process at a time). */
async function inspect<T>(read: (db: Database) => Promise<T>): Promise<T> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const db = await openDatabase(loadConfig({ ...env, MIGRATE_ON_START: 'false' }).database, quiet);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

const ids: { owner?: string; tenant?: string; apiKey?: string; key?: string } = {};

describe('tenantry, the operator CLI', () => {
  it('migrate: applies the migrations to a new database, then finds it up to date', async () => {
    const first = await tenantry(['migrate']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(onRealPostgres ? /^applied \d+ migration\(s\): /m : /^(applied \d+ migration\(s\)|already up to date)/m);
    const again = await tenantry(['migrate']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/^already up to date$/m);
  });

  it('users create with a generated password: prints the id and the password once; the account logs in with it; audited as the CLI', async () => {
    const run = await tenantry(['users', 'create', '--email', 'Owner@Example.com']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [, id] = /^created user (\S+) Owner@Example\.com$/m.exec(run.stdout)!;
    const [, password] = /^password \(shown once\): (\S+)$/m.exec(run.stdout)!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    ids.owner = id;
    await inspect(async ({ prisma }) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { id } });
      expect(user).toMatchObject({ email: 'Owner@Example.com', isActive: true });
      expect(await verifyPassword(user.passwordHash, password)).toBe(true);
      const events = await prisma.auditEvent.findMany({ where: { targetUserId: id } });
      expect(events.map(({ action, actorId, details }) => ({ action, actorId, details }))).toEqual([{ action: 'user.registered', actorId: null, details: { source: 'cli' } }]);
    });
  });

  it('users create --password-stdin: takes the password from stdin (without its newline) and prints none', async () => {
    const run = await tenantry(['users', 'create', '--email', 'piped@example.com', '--password-stdin'], { stdin: 'a long enough password\n' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).not.toMatch(/password/);
    await inspect(async ({ prisma }) => {
      const user = await prisma.user.findFirstOrThrow({ where: { email: 'piped@example.com' } });
      expect(await verifyPassword(user.passwordHash, 'a long enough password')).toBe(true);
    });
  });

  it('tenants create: the owner becomes its first member; audited as the CLI for the owner', async () => {
    const run = await tenantry(['tenants', 'create', '--name', 'Acme', '--owner', 'owner@EXAMPLE.com']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [, id] = /^created tenant (\S+) "Acme" owned by Owner@Example\.com$/m.exec(run.stdout)!;
    ids.tenant = id;
    await inspect(async ({ prisma }) => {
      expect(await prisma.tenant.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Acme', ownerId: ids.owner });
      expect(await prisma.membership.findMany({ where: { tenantId: id }, select: { userId: true } })).toEqual([{ userId: ids.owner }]);
      const event = await prisma.auditEvent.findFirstOrThrow({ where: { tenantId: id, action: 'tenant.created' } });
      expect(event).toMatchObject({ actorId: null, targetUserId: ids.owner, details: { name: 'Acme', source: 'cli' } });
    });
  });

  it('api-keys create: prints the key once; only its hash is stored; audited as the CLI', async () => {
    const run = await tenantry(['api-keys', 'create', '--user', 'owner@example.com', '--name', 'deploy-bot']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [, id] = /^created API key (\S+) "deploy-bot" for Owner@Example\.com$/m.exec(run.stdout)!;
    const [, key] = /^key \(shown once\): (\S+)$/m.exec(run.stdout)!;
    await inspect(async ({ prisma }) => {
      const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id } });
      expect(stored).toMatchObject({ userId: ids.owner, name: 'deploy-bot', hash: hashApiKey(key), revokedAt: null });
      expect(JSON.stringify(stored)).not.toContain(key);
      const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'api_key.created', targetUserId: ids.owner } });
      expect(event).toMatchObject({ actorId: null, details: { apiKeyId: id, source: 'cli' } });
    });
  });

  it('audit tail: the newest events of the tenant, oldest first, the operator shown as operator', async () => {
    const run = await tenantry(['audit', 'tail', '--tenant', ids.tenant!]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}tenant\.created {2}actor=operator {2}target=Owner@Example\.com {2}\{"name":"Acme","source":"cli"\} {2}id=[0-9a-f-]{36}$/);
    // The tenant by its exact name: the same lines.
    expect(await tenantry(['audit', 'tail', '--tenant', 'Acme'])).toEqual(run);
  });

  it('lists users, tenants, members and API keys, with the ids the other commands print once', async () => {
    const users = await tenantry(['users', 'list']);
    expect(users).toMatchObject({ code: 0, stderr: '' });
    expect(users.stdout).toContain(`${ids.owner}  Owner@Example.com  active\n`);
    const tenants = await tenantry(['tenants', 'list']);
    expect(tenants).toMatchObject({ code: 0, stderr: '' });
    expect(tenants.stdout).toBe(`${ids.tenant}  "Acme"  owner=Owner@Example.com  members=1\n`);
    const members = await tenantry(['members', 'list', '--tenant', 'Acme']);
    expect(members).toMatchObject({ code: 0, stderr: '', stdout: `${ids.owner}  Owner@Example.com  owner  roles=-\n` });
    const keys = await tenantry(['api-keys', 'list', '--user', 'owner@example.com']);
    expect(keys).toMatchObject({ code: 0, stderr: '' });
    expect(keys.stdout).toMatch(/^[0-9a-f-]{36} {2}"deploy-bot" {2}prefix=\S+ {2}created=\S+Z {2}active\n$/);
    // A cut list says so on stderr, and stdout stays the list.
    const cut = await tenantry(['users', 'list', '--limit', '1']);
    expect(cut.code).toBe(0);
    expect(cut.stdout.trim().split('\n')).toHaveLength(1);
    expect(cut.stderr).toBe('(the first 1 shown: raise --limit for more)\n');
  });

  (onRealPostgres ? it : it.skip)('audit tail --follow: prints events written after it started, in order, until SIGINT (exit 0)', async () => {
    const [command, ...prefix] = [process.execPath, join(REPO_ROOT, 'bin', 'tenantry.js')];
    const child = spawn(command, [...prefix, 'audit', 'tail', '--tenant', ids.tenant!, '--follow', '--interval', '200'], { cwd: REPO_ROOT, env: { ...shellEnv(), ...env } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (lines: number) => {
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      while (stdout.trim().split('\n').filter(Boolean).length < lines && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    };
    try {
      await waitFor(1);
      await inspect(async ({ prisma }) => {
        for (const name of ['first-added', 'second-added']) {
          await prisma.auditEvent.create({ data: { action: 'role.created', tenantId: ids.tenant!, actorId: ids.owner!, details: { name } } });
        }
      });
      await waitFor(3);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split('  ')[1])).toEqual(['tenant.created', 'role.created', 'role.created']);
    expect(lines[1]).toContain('"first-added"');
    expect(lines[2]).toContain('"second-added"');
    expect(lines[1]).toContain('actor=Owner@Example.com');
  });

  it.each([
    ['an unknown tenant', ['audit', 'tail', '--tenant', '00000000-0000-4000-8000-000000000000'], /^error: No tenant 00000000-0000-4000-8000-000000000000$/m],
    ['an unknown tenant name', ['members', 'list', '--tenant', 'acme'], /^error: No tenant acme$/m],
    ['a duplicate email, in another case', ['users', 'create', '--email', 'OWNER@example.com'], /^error: A user with email OWNER@example\.com already exists$/m],
    ['a malformed email', ['users', 'create', '--email', 'not-an-email'], /^error: /m],
    ['an unknown owner', ['tenants', 'create', '--name', 'Nope', '--owner', 'nobody@example.com'], /^error: No user with email nobody@example\.com$/m],
    ['an empty tenant name', ['tenants', 'create', '--name', '  ', '--owner', 'owner@example.com'], /^error: /m],
    ['an unknown API-key user', ['api-keys', 'create', '--user', 'nobody@example.com', '--name', 'k'], /^error: No user with email nobody@example\.com$/m],
  ])('refuses %s: exit 1, the reason on stderr, nothing on stdout, nothing written', async (_name, args, message) => {
    const before = await inspect(({ prisma }) => Promise.all([prisma.user.count(), prisma.tenant.count(), prisma.apiKey.count(), prisma.auditEvent.count()]));
    const run = await tenantry(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    const after = await inspect(({ prisma }) => Promise.all([prisma.user.count(), prisma.tenant.count(), prisma.apiKey.count(), prisma.auditEvent.count()]));
    expect(after).toEqual(before);
  });

  it.each([
    ['a missing required option', ['tenants', 'create', '--name', 'x'], /required option '--owner <email>' not specified/],
    ['an unknown command', ['tenants', 'delete'], /unknown command 'delete'/],
    ['an unknown option', ['users', 'create', '--email', 'a@example.com', '--admin'], /unknown option '--admin'/],
    ['a list limit that is not a number', ['users', 'list', '--limit', 'all'], /argument 'all' is invalid\. Not a whole number from 1 to 10000\./],
  ])('refuses %s with exit 2 and the usage hint on stderr', async (_name, args, message) => {
    const run = await tenantry(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('refuses a tenant name two tenants share, naming both ids', async () => {
    const second = await tenantry(['tenants', 'create', '--name', 'Acme', '--owner', 'owner@example.com']);
    const [, secondId] = /^created tenant (\S+) /m.exec(second.stdout)!;
    const run = await tenantry(['audit', 'tail', '--tenant', 'Acme']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const listed = [ids.tenant!, secondId].sort();
    expect(run.stderr).toBe(`error: 2 tenants are named "Acme"; name one by id: ${listed.join(', ')}\n`);
    expect((await tenantry(['audit', 'tail', '--tenant', secondId])).code).toBe(0);
  });

  it('answers --help with exit 0, and is installed as `tenantry` for npx', async () => {
    const help = await tenantry(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['users', 'tenants', 'api-keys', 'migrate', 'audit']) expect(help.stdout).toContain(command);
    const viaNpx = await tenantry(['users', 'create', '--help'], { command: ['npx', '--no-install', 'tenantry'] });
    expect(viaNpx.code).toBe(0);
    expect(viaNpx.stdout).toContain('--password-stdin');
  });
});
