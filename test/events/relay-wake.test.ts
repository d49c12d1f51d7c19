import type { Actor } from '../../src/domain/actor.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

// The relay of the process that committed is woken by the commit, not by its poll: it polls once
// a minute and each delivery is waited for 30 s at most, so it can only come from the wake, for
// both ways a mutation commits (its own transaction; the request transaction of an Idempotency-Key).

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestApp({ env: { EVENTS_RELAY: 'true', EVENTS_POLL_MS: '60000' } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

it('delivers at once after a commit in this process, with or without an Idempotency-Key', async () => {
  const user = await buildUser(t.prisma);
  const auth = await tokenFor(user);
  const actor: Actor = { userId: user.id, email: user.email, credential: { kind: 'jwt' } };
  const created = await t.http.graphql('mutation { createTenant(name: "Wake") { id } }', {}, auth);
  const tenantId: string = created.body.data.createTenant.id;
  const endpoint = await inTransaction(t.prisma, (tx) =>
    createWebhookEndpoint(tx, actor, { tenantId, url: receiver.url }, { webhooks: { allowPrivateTargets: true, retryScale: 1, secretOverlapHours: 24 } }),
  );
  receiver.secrets = [endpoint.secret];
  const add = `mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }`;

  const plain = await t.http.graphql(add, { t: tenantId, u: (await buildUser(t.prisma)).id }, auth);
  expect(plain.body.errors).toBeUndefined();
  await until('the first delivery', () => receiver.deliveries.length === 1, 30_000);

  const keyed = await t.http.post('/graphql', { auth, json: { query: add, variables: { t: tenantId, u: (await buildUser(t.prisma)).id } }, headers: { 'idempotency-key': 'wake-1' } });
  expect(keyed.status).toBe(200);
  await until('the second delivery', () => receiver.deliveries.length === 2, 30_000);
  expect(receiver.deliveries.map((delivery) => [delivery.payload.type, delivery.payload.data.sequence, delivery.verifiedBy])).toEqual([
    ['tenant.user_added', 2, [0]],
    ['tenant.user_added', 3, [0]],
  ]);
});
