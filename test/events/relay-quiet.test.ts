import { WireProxy } from '../../bench/lib/wire-proxy.ts';
import { connectDatabase, type Database } from '../../src/db/database.ts';
import { lockTenant } from '../../src/db/locks.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { recordAudit } from '../../src/domain/audit/record-audit.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import { Relay } from '../../src/events/relay/relay.ts';
import { buildTenant } from '../factories/tenancy.ts';
import { buildUser } from '../factories/users.ts';
import { createMigratedDatabase, type TestDatabase } from '../helpers/database.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

// With nowhere to deliver (no sink, no enabled endpoint), a commit's wake would claim nothing:
// the relay skips it until its next poll, so the writers do not pay a statement per commit.
// A destination created in this process ends the quiet at once.

const settings = { allowPrivateTargets: true, retryScale: 0.00002, secretOverlapHours: 24 };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const CHECK = 'FROM webhook_endpoints WHERE enabled';
const CLAIM = 'FOR UPDATE OF c SKIP LOCKED';

let database: TestDatabase;
let wire: WireProxy;
let client: Database;
let receiver: Receiver;

beforeAll(async () => {
  database = await createMigratedDatabase();
  wire = new WireProxy(database.connection);
  client = connectDatabase({ ...database.connection, host: '127.0.0.1', port: await wire.start() }, { server: database.kind, poolSize: 4, pipeline: true }, silent);
  receiver = await startReceiver();
});
afterAll(async () => {
  await client.close();
  await wire.stop();
  await receiver.close();
  await database.drop();
});

it('costs no statement per commit while nowhere to deliver exists, and wakes at once for an endpoint created in the process', async () => {
  const prisma = client.prisma;
  const owner = await buildUser(prisma);
  const actor = { userId: owner.id, email: owner.email, credential: { kind: 'jwt' as const } };
  const tenant = await buildTenant(prisma, { owner });
  const commitEvent = (n: number) =>
    inTransaction(prisma, async (tx) => {
      await lockTenant(tx, tenant.id, 'manager');
      return recordAudit(tx, { actorId: owner.id, action: 'tenant.user_added', tenantId: tenant.id, targetUserId: owner.id, details: { n } });
    });

  wire.reset();
  // A poll far away: only a wake can make it claim during the test.
  const relay = new Relay({ prisma, pollMs: 60_000, webhooks: settings, log: { warn: () => undefined } });
  relay.start();
  try {
    await until('the relay found nowhere to deliver', () => wire.snapshot().captured.some((statement) => statement.sql.includes(CHECK)));
    wire.reset();
    for (let n = 0; n < 5; n++) await commitEvent(n);
    const created = await inTransaction(prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url: receiver.url }, { webhooks: settings }));
    receiver.secrets.push(created.secret);
    await until('the relay claimed after the endpoint was created', () => wire.snapshot().captured.some((statement) => statement.sql.includes(CLAIM)));

    const { captured } = wire.snapshot();
    const created_at = captured.findIndex((statement) => statement.sql.includes('INSERT INTO webhook_endpoints'));
    const firstClaim = captured.findIndex((statement) => statement.sql.includes(CLAIM));
    // The five commits woke nothing: the relay's first statement since is the claim the
    // endpoint's creation asked for.
    expect(created_at).toBeGreaterThan(-1);
    expect(firstClaim).toBeGreaterThan(created_at);

    // From now on a commit is delivered on its wake, not on the next poll a minute away.
    const id = await commitEvent(5);
    await until('the event after the endpoint delivered', () => receiver.deliveries.some((delivery) => delivery.id === id));
  } finally {
    await relay.close();
  }
});
