import { WireProxy } from '../../bench/lib/wire-proxy.ts';
import { connectDatabase, type Database } from '../../src/db/database.ts';
import { lockTenant } from '../../src/db/locks.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { recordAudit } from '../../src/domain/audit/record-audit.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import { Relay } from '../../src/events/relay/relay.ts';
import { buildTenant } from '../factories/tenancy.ts';
import { buildUser } from '../factories/users.ts';
import { createMigratedDatabase, type TestDatabase } from '../helpers/database.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

// The relay writes a claim's batch once: one statement moves the cursor and logs every attempt
// of the batch. So a relay that dies mid-batch has written nothing of it, and whoever claims the
// cursor next sends the batch again, each event under the webhook-id it was first sent with.

const EVENTS = 5;
const settings = { allowPrivateTargets: true, retryScale: 0.00002, secretOverlapHours: 24 };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let database: TestDatabase;
let wire: WireProxy;
let clients: Database[];
let receiver: Receiver;
const warnings: unknown[] = [];

beforeAll(async () => {
  database = await createMigratedDatabase();
  wire = new WireProxy(database.connection);
  const counted = { ...database.connection, host: '127.0.0.1', port: await wire.start() };
  // The first client's statements go through the counting proxy; the second is another process's.
  clients = [counted, database.connection].map((connection) => connectDatabase(connection, { server: database.kind, poolSize: 4, pipeline: true }, quiet));
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await wire.stop();
  await receiver.close();
  await database.drop();
});
beforeEach(() => {
  receiver.deliveries.length = 0;
  receiver.answer = () => ({ status: 204 });
});

/** A tenant with an endpoint on the receiver and `EVENTS` events committed before any relay runs. */
async function tenantWithEvents(prisma: PrismaClient) {
  const owner = await buildUser(prisma);
  const actor = { userId: owner.id, email: owner.email, credential: { kind: 'jwt' as const } };
  const tenant = await buildTenant(prisma, { owner });
  const created = await inTransaction(prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url: receiver.url }, { webhooks: settings }));
  receiver.secrets.push(created.secret);
  const ids: string[] = [];
  for (let n = 0; n < EVENTS; n++) {
    ids.push(
      await inTransaction(prisma, async (tx) => {
        await lockTenant(tx, tenant.id, 'manager');
        return recordAudit(tx, { actorId: owner.id, action: 'tenant.user_added', tenantId: tenant.id, targetUserId: owner.id, details: { n } });
      }),
    );
  }
  const cursor = () => prisma.eventDeliveryCursor.findFirstOrThrow({ where: { tenantId: tenant.id } });
  return { tenant, endpointId: created.endpoint.id, ids, cursor };
}

it('moves the cursor and logs a whole batch of deliveries in one statement', async () => {
  const prisma = clients[0].prisma;
  const { endpointId, ids, cursor } = await tenantWithEvents(prisma);
  wire.reset();
  const relay = new Relay({ prisma, pollMs: 60_000, webhooks: settings, log: { warn: (obj) => warnings.push(obj) }, concurrency: 1 });
  relay.start();
  try {
    await until('the batch delivered and its cursor moved', async () => receiver.deliveries.length >= EVENTS && (await cursor()).lastSeq === BigInt(EVENTS));
  } finally {
    await relay.close();
  }
  expect(receiver.deliveries.map((delivery) => delivery.id)).toEqual(ids);

  const { captured } = wire.snapshot();
  const writes = captured.filter((statement) => /UPDATE event_deliveries_cursor|INSERT INTO webhook_deliveries/.test(statement.sql));
  const claims = writes.filter((statement) => statement.sql.includes('FOR UPDATE OF c SKIP LOCKED'));
  // The claims (one found the batch, the others nothing) and exactly one write for the batch,
  // which logs the five attempts and gives the claim up.
  expect(claims.length).toBeGreaterThanOrEqual(1);
  const batchWrites = writes.filter((statement) => !claims.includes(statement));
  expect(batchWrites).toHaveLength(1);
  expect(batchWrites[0].sql).toContain('INSERT INTO webhook_deliveries');
  // Nothing else was read for the claim: its endpoint and events came with it. (An empty claim
  // may be followed by the once-a-poll look for any enabled endpoint: relay-quiet.test.ts.)
  const destinationsCheck = (sql: string) => sql.includes('FROM webhook_endpoints WHERE enabled) AS any');
  expect(captured.filter((statement) => /FROM webhook_endpoints|FROM audit_events|FROM webhook_dead_letters/.test(statement.sql) && !claims.includes(statement) && !destinationsCheck(statement.sql))).toEqual([]);

  const log = await prisma.webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
  expect(log.map((row) => [row.eventId, Number(row.tenantSeq), row.attempt, row.statusCode])).toEqual(ids.map((id, i) => [id, i + 1, 1, 204]));
  expect((await cursor()).claimedBy).toBeNull();
  expect(warnings).toEqual([]);
});

it('leaves the cursor where it was when a relay dies mid-batch; the next relay sends the batch again under the same webhook-ids', async () => {
  const prisma = clients[1].prisma;
  const { ids, cursor } = await tenantWithEvents(prisma);
  // The third event's request never gets an answer: the relay hangs mid-batch, as if it died.
  receiver.answer = (delivery) => (delivery.payload.data.sequence === 3 && receiver.deliveries.length === 3 ? 'hold' : { status: 204 });
  const dying = new Relay({ prisma, pollMs: 60_000, webhooks: settings, log: { warn: (obj) => warnings.push(obj) }, concurrency: 1 });
  dying.start();
  let taker: Relay | null = null;
  try {
    await until('two events delivered and the third sent', () => receiver.deliveries.length === 3);
    // Two delivered, nothing of the batch written yet.
    expect(await cursor()).toMatchObject({ lastSeq: 0n, attempts: 0 });
    expect(await prisma.webhookDelivery.count({ where: { tenantId: (await cursor()).tenantId } })).toBe(0);

    // Its lease lapses; another relay takes the cursor over from where it stands.
    await prisma.$executeRaw`UPDATE event_deliveries_cursor SET claimed_until = now() - interval '1 second' WHERE tenant_id = ${(await cursor()).tenantId}::uuid`;
    taker = new Relay({ prisma: clients[0].prisma, pollMs: 20, webhooks: settings, log: { warn: (obj) => warnings.push(obj) } });
    taker.start();
    await until('the batch delivered again and the cursor moved', async () => (await cursor()).lastSeq === BigInt(EVENTS));
  } finally {
    await taker?.close();
    await dying.close();
  }
  const received = receiver.deliveries.map((delivery) => ({ id: delivery.id, sequence: delivery.payload.data.sequence, event: delivery.payload.data.id }));
  // The dying relay's two deliveries and its hung third, then the whole batch again, in order.
  expect(received.map((delivery) => delivery.sequence)).toEqual([1, 2, 3, 1, 2, 3, 4, 5]);
  expect(received.map((delivery) => delivery.id)).toEqual([...ids.slice(0, 3), ...ids]);
  expect(received.every((delivery) => delivery.id === delivery.event)).toBe(true);
  expect(receiver.deliveries.every((delivery) => delivery.verifiedBy.length === 1)).toBe(true);
  // The dying relay's late write (when it stopped) could not move the cursor back or on.
  expect(await cursor()).toMatchObject({ lastSeq: BigInt(EVENTS), claimedBy: null });
  expect(warnings).toEqual([]);
});

it('writes what a batch delivered when its relay stops mid-batch, so the next relay goes on from there', async () => {
  const prisma = clients[1].prisma;
  const { endpointId, ids, cursor } = await tenantWithEvents(prisma);
  receiver.answer = (delivery) => (delivery.payload.data.sequence === 3 && receiver.deliveries.length === 3 ? 'hold' : { status: 204 });
  const stopping = new Relay({ prisma, pollMs: 60_000, webhooks: settings, log: { warn: (obj) => warnings.push(obj) }, concurrency: 1 });
  stopping.start();
  try {
    await until('two events delivered and the third sent', () => receiver.deliveries.length === 3);
  } finally {
    // Aborts the third attempt (not the receiver's failure: not logged), writes the first two.
    await stopping.close();
  }
  expect(await cursor()).toMatchObject({ lastSeq: 2n, attempts: 0, claimedBy: null });
  const logged = await prisma.webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
  expect(logged.map((row) => [row.eventId, row.attempt, row.statusCode])).toEqual(ids.slice(0, 2).map((id) => [id, 1, 204]));

  const next = new Relay({ prisma, pollMs: 20, webhooks: settings, log: { warn: (obj) => warnings.push(obj) } });
  next.start();
  try {
    await until('the rest delivered and the cursor moved', async () => (await cursor()).lastSeq === BigInt(EVENTS));
  } finally {
    await next.close();
  }
  expect(receiver.deliveries.map((delivery) => delivery.payload.data.sequence)).toEqual([1, 2, 3, 3, 4, 5]);
  expect(warnings).toEqual([]);
});
