import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/domain/accounts/api-key-secrets.ts';
import { verifyPassword } from '../../src/domain/accounts/passwords.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { createEmptyDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { CLI_RUN_TIMEOUT_MS, runTenantry, spawnTenantry, type CliRun } from '../helpers/cli-process.ts';
import { databaseUrl } from '../helpers/service-process.ts';

/** `tenantry`, the operator CLI, as a process (test/helpers/cli-process.ts). Without TEST_DATABASE_URL it acts on an embedded database in a temporary DATA_DIR;
 * with it, on a fresh empty database of that server (which the CLI migrates, as `npm start`
 * does). After the commands the test opens the same database and reads what they wrote. */

jest.setTimeout(15 * CLI_RUN_TIMEOUT_MS);

let dataDir: string;
let database: TestDatabase | undefined;
let env: Record<string, string>;
/** The one line each command prints on stderr before its answer. */
let actedOn: RegExp;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantry-cli-'));
  env = { DATA_DIR: dataDir };
  actedOn = new RegExp(`^database: embedded ${escape(dataDir)} \\(opened by this process\\)\n$`);
  if (onRealPostgres) {
    database = await createEmptyDatabase();
    env.DATABASE_URL = databaseUrl(database);
    const { user, host, port, database: name } = database.connection;
    actedOn = new RegExp(`^database: ${escape(`postgres://${user}@${host}:${port}/${name}`)}\n$`);
  }
});

afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tenantry = (args: string[], options: { stdin?: string; command?: string[] } = {}) => runTenantry(args, env, options);

/** Exit 0, and on stderr only which database it acted on. */
function expectDone(run: CliRun): void {
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(actedOn);
}

/** What a command printed on stderr after the line naming the database it acted on. */
function afterDatabaseLine(stderr: string): string {
  const [first, ...rest] = stderr.split(/(?<=\n)/);
  expect(first).toMatch(actedOn);
  return rest.join('');
}

/** The database the CLI acted on, opened the way the CLI opens it (through the CLI's own
 * process while one holds the embedded data directory). */
async function inspect<T>(read: (db: Database) => Promise<T>): Promise<T> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const db = await openDatabase(loadConfig({ ...env, MIGRATE_ON_START: 'false' }).database, quiet, { throughHolder: true, existingOnly: true });
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
    expect(first).toMatchObject({ code: 0, stderr: '' }); // migrate names the database on stdout
    expect(first.stdout).toMatch(onRealPostgres ? /^applied \d+ migration\(s\): /m : /^(applied \d+ migration\(s\)|already up to date)/m);
    const again = await tenantry(['migrate']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(onRealPostgres ? /^migrating postgres:\/\/[^:@]+@/m : new RegExp(`^migrating embedded ${escape(dataDir)} \\(opened by this process`, 'm'));
    expect(again.stdout).toMatch(/^already up to date$/m);
  });

  it('users create with a generated password: prints the id and the password once; the account logs in with it; audited as the CLI', async () => {
    const run = await tenantry(['users', 'create', '--email', 'Owner@Example.com']);
    expectDone(run);
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
    expectDone(run);
    expect(run.stdout).not.toMatch(/password/);
    await inspect(async ({ prisma }) => {
      const user = await prisma.user.findFirstOrThrow({ where: { email: 'piped@example.com' } });
      expect(await verifyPassword(user.passwordHash, 'a long enough password')).toBe(true);
    });
  });

  it('tenants create: the owner becomes its first member; audited as the CLI for the owner', async () => {
    const run = await tenantry(['tenants', 'create', '--name', 'Acme', '--owner', 'owner@EXAMPLE.com']);
    expectDone(run);
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
    expectDone(run);
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
    expectDone(run);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}tenant\.created {2}actor=operator {2}target=Owner@Example\.com {2}\{"name":"Acme","source":"cli"\} {2}id=[0-9a-f-]{36}$/);
    // The tenant by its exact name: the same lines.
    expect(await tenantry(['audit', 'tail', '--tenant', 'Acme'])).toEqual(run);
  });

  it('lists users, tenants, members and API keys, with the ids the other commands print once', async () => {
    const users = await tenantry(['users', 'list']);
    expectDone(users);
    expect(users.stdout).toContain(`${ids.owner}  Owner@Example.com  active\n`);
    const tenants = await tenantry(['tenants', 'list']);
    expectDone(tenants);
    expect(tenants.stdout).toBe(`${ids.tenant}  "Acme"  owner=Owner@Example.com  members=1\n`);
    const members = await tenantry(['members', 'list', '--tenant', 'Acme']);
    expectDone(members);
    expect(members.stdout).toBe(`${ids.owner}  Owner@Example.com  owner  roles=-\n`);
    const keys = await tenantry(['api-keys', 'list', '--user', 'owner@example.com']);
    expectDone(keys);
    expect(keys.stdout).toMatch(/^[0-9a-f-]{36} {2}"deploy-bot" {2}prefix=\S+ {2}created=\S+Z {2}active\n$/);
    // A cut list says so on stderr, and stdout stays the list.
    const cut = await tenantry(['users', 'list', '--limit', '1']);
    expect(cut.code).toBe(0);
    expect(cut.stdout.trim().split('\n')).toHaveLength(1);
    expect(afterDatabaseLine(cut.stderr)).toBe('(the first 1 shown: raise --limit for more)\n');
  });

  it('audit tail --follow: prints events written after it started (embedded: through its process), in order, until SIGINT (exit 0)', async () => {
    const child = spawnTenantry(['audit', 'tail', '--tenant', ids.tenant!, '--follow', '--interval', '200'], env);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (lines: number) => {
      const deadline = Date.now() + CLI_RUN_TIMEOUT_MS;
      while (stdout.trim().split('\n').filter(Boolean).length < lines && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    };
    try {
      await waitFor(1);
      await inspect(async (db) => {
        // The embedded data directory is the running CLI's: the test writes through it.
        if (!onRealPostgres) expect(db.description).toMatch(new RegExp(`^embedded ${escape(dataDir)} \\(through process ${child.pid}, the tenantry CLI, on \\S+/\\.s\\.PGSQL\\.\\d+\\)$`));
        // One transaction each, as every use-case writes (PGlite serves one session: see ARCHITECTURE).
        for (const name of ['first-added', 'second-added']) {
          await inTransaction(db.prisma, (tx) => tx.auditEvent.create({ data: { action: 'role.created', tenantId: ids.tenant!, actorId: ids.owner!, details: { name } } }));
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

  it("webhooks add, list, rotate, resend, deliveries, remove: the endpoint use-cases as the tenant's owner, audited as the CLI", async () => {
    const hooks = (args: string[]) => runTenantry(['webhooks', ...args], { ...env, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    const added = await hooks(['add', '--tenant', 'Acme', '--url', 'http://127.0.0.1:9/hooks', '--types', 'tenant.user_removed,tenant.user_added']);
    expectDone(added);
    const [, id] = /^created webhook endpoint (\S+) → http:\/\/127\.0\.0\.1:9\/hooks$/m.exec(added.stdout)!;
    const [, secret] = /^secret \(shown once\): (whsec_\S+)$/m.exec(added.stdout)!;
    const listed = await hooks(['list', '--tenant', 'Acme']);
    expectDone(listed);
    expect(listed.stdout).toBe(`${id}  http://127.0.0.1:9/hooks  enabled  types=tenant.user_removed,tenant.user_added  pending=0  dead=0\n`);
    const rotated = await hooks(['rotate', '--endpoint', id]);
    expectDone(rotated);
    const [, rotatedSecret] = /^secret \(shown once\): (whsec_\S+)$/m.exec(rotated.stdout)!;
    expect(rotatedSecret).not.toBe(secret);
    // Nothing dead, nothing queued: a resend that changes nothing writes no event.
    const resent = await hooks(['resend', '--endpoint', id]);
    expectDone(resent);
    expect(resent.stdout).toBe(`queued 0 events for ${id}\n`);
    const deliveries = await hooks(['deliveries', '--endpoint', id]);
    expectDone(deliveries);
    expect(deliveries.stdout).toBe('');
    await inspect(async ({ prisma }) => {
      const stored = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
      expect(stored).toMatchObject({ tenantId: ids.tenant, secret: rotatedSecret, previousSecret: secret, createdBy: null });
      const events = await prisma.auditEvent.findMany({ where: { tenantId: ids.tenant, action: { startsWith: 'webhook_endpoint.' } }, orderBy: { createdAt: 'asc' } });
      expect(events.map((event) => [event.action, event.actorId, (event.details as { source?: string }).source])).toEqual([
        ['webhook_endpoint.created', null, 'cli'],
        ['webhook_endpoint.secret_rotated', null, 'cli'],
      ]);
    });
    const removed = await hooks(['remove', '--endpoint', id]);
    expectDone(removed);
    expect(removed.stdout).toBe(`deleted webhook endpoint ${id}\n`);
    expect((await hooks(['rotate', '--endpoint', id])).code).toBe(1);
    await inspect(async ({ prisma }) => expect(await prisma.webhookEndpoint.count({ where: { id } })).toBe(0));
  });

  it('refuses a DATA_DIR with no embedded database (a mistyped path): exit 1, names the directory, creates nothing', async () => {
    const typo = join(dataDir, 'dta');
    const withoutUrl = { DATA_DIR: typo }; // the embedded database, whatever TEST_DATABASE_URL says
    for (const args of [['users', 'create', '--email', 'lost@example.com'], ['audit', 'tail', '--tenant', '00000000-0000-4000-8000-000000000000']]) {
      const run = await runTenantry(args, withoutUrl);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toBe(`error: no embedded database in ${typo} (DATA_DIR): check the path, or create it by starting the service there once (npm start) or with \`tenantry migrate\`\n`);
      expect(existsSync(typo)).toBe(false);
    }
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
    expect(afterDatabaseLine(run.stderr)).toBe(`error: 2 tenants are named "Acme"; name one by id: ${listed.join(', ')}\n`);
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
