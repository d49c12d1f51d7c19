import { connectDatabase, type Database } from '../../src/db/database.ts';
import { lockTenant } from '../../src/db/locks.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { recordAudit } from '../../src/domain/audit/record-audit.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import { Relay } from '../../src/events/relay/relay.ts';
import { claimCursors } from '../../src/events/relay/claim.ts';
import { DELIVERY_LOG_KEPT, moveCursor, pruneDeliveryLog } from '../../src/events/relay/store.ts';
import type { DeliveryOutcome, EventSink, OutboundEvent } from '../../src/events/relay/sink.ts';
import { buildTenant } from '../factories/tenancy.ts';
import { buildUser } from '../factories/users.ts';
import { createMigratedDatabase, type TestDatabase } from '../helpers/database.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

// Two relays, each with its own database client (as two service processes have), share the
// work through the cursor rows: every event reaches every destination exactly once (no relay
// crashes here, so no claim is redone), and each tenant's events arrive in sequence order.
// A global sink (the interface JetStream implements) gets its cursors lazily, from event 1.

const TENANTS = 6;
const EVENTS_PER_TENANT = 25;
const settings = { allowPrivateTargets: true, retryScale: 0.00002, secretOverlapHours: 24 };

/** A destination that keeps what it is given, in arrival order. */
class RecordingSink implements EventSink {
  readonly name = 'recording';
  readonly received: OutboundEvent[] = [];
  async deliver(event: OutboundEvent): Promise<DeliveryOutcome> {
    this.received.push(event);
    return { kind: 'delivered' };
  }
  async close(): Promise<void> {}
}

let database: TestDatabase;
let clients: Database[];
let receiver: Receiver;
const warnings: unknown[] = [];

beforeAll(async () => {
  database = await createMigratedDatabase();
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  clients = [0, 1].map(() => connectDatabase(database.connection, { server: database.kind, poolSize: 4, pipeline: true }, quiet));
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await receiver.close();
  await database.drop();
});

it('delivers every event once per destination, in order per tenant, with two relays on one database', async () => {
  const [a, b] = clients.map((client) => client.prisma);
  const owner = await buildUser(a);
  const actor = { userId: owner.id, email: owner.email, credential: { kind: 'jwt' as const } };
  const tenants = [];
  for (let i = 0; i < TENANTS; i++) tenants.push(await buildTenant(a, { owner }));
  for (const tenant of tenants) {
    const created = await inTransaction(a, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url: receiver.url }, { webhooks: settings }));
    receiver.secrets.push(created.secret);
  }

  const sinks = [new RecordingSink(), new RecordingSink()];
  const relays = [a, b].map(
    (prisma, i) => new Relay({ prisma, sinks: [sinks[i]], pollMs: 20, webhooks: settings, log: { warn: (obj) => warnings.push(obj) }, concurrency: 3 }),
  );
  relays.forEach((relay) => relay.start());
  try {
    // Writers on both clients at once, every tenant in parallel, each tenant's events in turn.
    await Promise.all(
      tenants.map(async (tenant, i) => {
        for (let n = 0; n < EVENTS_PER_TENANT; n++) {
          await inTransaction(n % 2 ? a : b, async (tx) => {
            await lockTenant(tx, tenant.id, 'manager');
            await recordAudit(tx, { actorId: owner.id, action: 'tenant.user_added', tenantId: tenant.id, targetUserId: owner.id, details: { n, writer: i } });
          });
        }
      }),
    );
    const total = TENANTS * EVENTS_PER_TENANT;
    const sunk = () => sinks[0].received.length + sinks[1].received.length;
    await until(`${total} webhook deliveries and ${total} sink deliveries`, () => receiver.deliveries.length >= total && sunk() >= total);
    // Anything more (a duplicate) would be in flight now; let both relays find it, then stop them.
    await until('nothing pending', async () => (await relays[0].pending()) === 0);
  } finally {
    await Promise.all(relays.map((relay) => relay.close()));
  }

  const total = TENANTS * EVENTS_PER_TENANT;
  expect(receiver.deliveries).toHaveLength(total);
  expect(new Set(receiver.deliveries.map((delivery) => delivery.id)).size).toBe(total);
  expect(receiver.deliveries.every((delivery) => delivery.verifiedBy.length === 1)).toBe(true);
  const sunk = [...sinks[0].received, ...sinks[1].received];
  expect(sunk).toHaveLength(total);
  expect(new Set(sunk.map((event) => event.id)).size).toBe(total);

  const expected = Array.from({ length: EVENTS_PER_TENANT }, (_, i) => i + 1);
  for (const tenant of tenants) {
    // At the receiver, in arrival order; a sink's events, in each relay's arrival order, then
    // merged: a tenant moves between relays only between claims, so each relay's share is in order too.
    expect(receiver.deliveries.filter((delivery) => delivery.payload.data.tenantId === tenant.id).map((delivery) => delivery.payload.data.sequence)).toEqual(expected);
    for (const sink of sinks) {
      const sequences = sink.received.filter((event) => event.tenantId === tenant.id).map((event) => event.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    }
    expect(sunk.filter((event) => event.tenantId === tenant.id).map((event) => event.sequence).sort((x, y) => x - y)).toEqual(expected);
  }
  expect(warnings).toEqual([]);
});

it('takes a claim over from a relay that died once its lease lapses, and the dead relay’s late write cannot move the cursor', async () => {
  const prisma = clients[0].prisma;
  const owner = await buildUser(prisma);
  const actor = { userId: owner.id, email: owner.email, credential: { kind: 'jwt' as const } };
  const [held, free] = [await buildTenant(prisma, { owner }), await buildTenant(prisma, { owner })];
  for (const tenant of [held, free]) {
    const created = await inTransaction(prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url: receiver.url }, { webhooks: settings }));
    receiver.secrets.push(created.secret);
  }
  const write = (tenantId: string) =>
    inTransaction(prisma, async (tx) => {
      await lockTenant(tx, tenantId, 'manager');
      return recordAudit(tx, { actorId: owner.id, action: 'tenant.user_added', tenantId, targetUserId: owner.id });
    });
  const heldEvent = await write(held.id);
  // A relay claims the tenant's cursor and dies: its lease still runs.
  const [dead] = await claimCursors(prisma, [], 10);
  expect(dead).toMatchObject({ tenantId: held.id, lastSeq: 0, upTo: 1 });

  const relay = new Relay({ prisma: clients[1].prisma, pollMs: 20, webhooks: settings, log: { warn: (obj) => warnings.push(obj) } });
  relay.start();
  try {
    const freeEvent = await write(free.id);
    await until('the other tenant’s event', () => receiver.deliveries.some((delivery) => delivery.id === freeEvent));
    expect(receiver.deliveries.some((delivery) => delivery.id === heldEvent)).toBe(false);

    await prisma.$executeRaw`UPDATE event_deliveries_cursor SET claimed_until = now() - interval '1 second' WHERE tenant_id = ${held.id}::uuid`;
    await until('the held tenant’s event, once the lease lapsed', () => receiver.deliveries.some((delivery) => delivery.id === heldEvent));
    await until('its cursor moved', async () => (await prisma.eventDeliveryCursor.findFirstOrThrow({ where: { tenantId: held.id } })).lastSeq === 1n);
    expect(await moveCursor(prisma, dead, { lastSeq: 99, attempts: 0, delayMs: 0, lastError: null, release: true })).toBe(false);
    expect((await prisma.eventDeliveryCursor.findFirstOrThrow({ where: { tenantId: held.id } })).lastSeq).toBe(1n);
  } finally {
    await relay.close();
  }
  expect(receiver.deliveries.filter((delivery) => delivery.id === heldEvent)).toHaveLength(1);
  expect(warnings).toEqual([]);
});

it('keeps the newest DELIVERY_LOG_KEPT attempts of an endpoint’s log when it prunes', async () => {
  const prisma = clients[0].prisma;
  const owner = await buildUser(prisma);
  const actor = { userId: owner.id, email: owner.email, credential: { kind: 'jwt' as const } };
  const tenant = await buildTenant(prisma, { owner });
  const { endpoint } = await inTransaction(prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId: tenant.id, url: receiver.url }, { webhooks: settings }));
  const extra = 7;
  await prisma.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, tenant_id, event_id, event_type, tenant_seq, attempt, status_code, latency_ms)
    SELECT ${endpoint.id}::uuid, ${tenant.id}::uuid, gen_random_uuid(), 'tenant.user_added', n, 1, 204, 1 FROM generate_series(1, ${DELIVERY_LOG_KEPT + extra}) AS n`;
  await pruneDeliveryLog(prisma, endpoint.id);
  const kept = await prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { tenantSeq: true }, orderBy: { id: 'asc' } });
  expect(kept).toHaveLength(DELIVERY_LOG_KEPT);
  expect(Number(kept[0].tenantSeq)).toBe(extra + 1);
});
