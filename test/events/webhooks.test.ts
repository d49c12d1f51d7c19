import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inTransaction } from '../../src/db/transaction.ts';
import { recordAudit } from '../../src/domain/audit/record-audit.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { createWebhookEndpoint } from '../../src/domain/events/webhooks/create-webhook-endpoint.ts';
import { listWebhookDeadLetters, listWebhookDeliveries } from '../../src/domain/events/webhooks/list-webhook-deliveries.ts';
import { listWebhookEndpoints } from '../../src/domain/events/webhooks/list-webhook-endpoints.ts';
import { resendWebhookEvents } from '../../src/domain/events/webhooks/resend-webhook-events.ts';
import { rotateWebhookSecret } from '../../src/domain/events/webhooks/rotate-webhook-secret.ts';
import { deleteWebhookEndpoint } from '../../src/domain/events/webhooks/delete-webhook-endpoint.ts';
import { updateWebhookEndpoint } from '../../src/domain/events/webhooks/update-webhook-endpoint.ts';
import type { WebhookMeta } from '../../src/domain/events/webhooks/webhook-endpoint.ts';
import { MAX_ATTEMPTS } from '../../src/events/webhooks/schedule.ts';
import { sendWebhook, webhookAgents } from '../../src/events/webhooks/send.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startDeliveringApp, TEST_RETRY_SCALE, type TestApp } from '../helpers/app.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

// Webhooks end to end: mutations through GraphQL, the relay of the test server, a real receiver
// on loopback that verifies every delivery with the `standardwebhooks` package. Tests count
// deliveries and wait for them; the retry schedule is scaled down (WEBHOOK_RETRY_SCALE) so that
// all eight attempts of the schedule take about two seconds.

const SCALE = TEST_RETRY_SCALE;
const meta: WebhookMeta = { webhooks: { allowPrivateTargets: true, retryScale: SCALE, secretOverlapHours: 24 } };

let t: TestApp;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await startDeliveringApp();
});
afterAll(async () => {
  await t.close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

async function owner() {
  const user = await buildUser(t.prisma);
  const actor: Actor = { userId: user.id, email: user.email, credential: { kind: 'jwt' } };
  return { user, actor, auth: await tokenFor(user) };
}

async function gql(auth: { token: string }, query: string, variables: Record<string, unknown> = {}) {
  const response = await t.http.graphql(query, variables, auth);
  expect(response.body.errors).toBeUndefined();
  return response.body.data;
}

/** A tenant of the caller's, created through GraphQL (its first event, tenant.created, comes before any endpoint). */
async function tenant(auth: { token: string }): Promise<string> {
  return (await gql(auth, 'mutation { createTenant(name: "Hooks") { id } }')).createTenant.id;
}

async function addMember(auth: { token: string }, tenantId: string): Promise<string> {
  const user = await buildUser(t.prisma);
  await gql(auth, 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: user.id });
  return user.id;
}

async function endpoint(actor: Actor, tenantId: string, target: Receiver, extra: { eventTypes?: string[] } = {}) {
  const created = await inTransaction(t.prisma, (tx) => createWebhookEndpoint(tx, actor, { tenantId, url: target.url, ...extra }, meta));
  target.secrets = [created.secret];
  return created;
}


describe('webhooks', () => {
  it('sends each tenant its events after the endpoint’s creation, in order, signed, in the documented body', async () => {
    const a = await owner();
    const [tenantA, tenantB] = [await tenant(a.auth), await tenant(a.auth)];
    const [hookA, hookB] = [await receiver(), await receiver()];
    const created = await endpoint(a.actor, tenantA, hookA);
    await endpoint(a.actor, tenantB, hookB);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.endpoint).toMatchObject({ tenantId: tenantA, url: hookA.url, enabled: true, eventTypes: [], pendingEvents: 0 });

    const added: string[] = [];
    for (let i = 0; i < 4; i++) {
      added.push(await addMember(a.auth, tenantA));
      await addMember(a.auth, tenantB);
    }
    await until('four deliveries to each', () => hookA.deliveries.length >= 4 && hookB.deliveries.length >= 4);

    for (const [hook, tenantId] of [[hookA, tenantA], [hookB, tenantB]] as const) {
      expect(hook.deliveries).toHaveLength(4);
      // tenant.created (number 1) came before the endpoint: not sent.
      expect(hook.deliveries.map((delivery) => delivery.payload.data.sequence)).toEqual([2, 3, 4, 5]);
      for (const delivery of hook.deliveries) {
        expect(delivery.verifiedBy).toEqual([0]);
        expect(delivery.id).toBe(delivery.payload.data.id);
        expect(delivery.payload).toEqual({
          type: 'tenant.user_added',
          timestamp: delivery.payload.data.occurredAt,
          data: { id: delivery.id, type: 'tenant.user_added', tenantId, sequence: delivery.payload.data.sequence, occurredAt: expect.any(String), actorId: a.user.id, targetUserId: expect.any(String), batchId: null, data: {} },
        });
        expect(delivery.headers['content-type']).toBe('application/json');
      }
    }
    expect(hookA.deliveries.map((delivery) => delivery.payload.data.targetUserId)).toEqual(added);
    // The same events as the pull API serves, by id.
    const pulled = await gql(a.auth, 'query($t: UUID!) { events(tenantId: $t) { events { id } } }', { t: tenantA });
    expect(pulled.events.events.slice(1).map((event: { id: string }) => event.id)).toEqual(hookA.deliveries.map((delivery) => delivery.id));
  });

  it('sends only the types asked for, and lists the endpoint with nothing pending', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    await endpoint(a.actor, tenantId, hook, { eventTypes: ['role.created'] });
    await addMember(a.auth, tenantId);
    await gql(a.auth, 'mutation($t: UUID!) { createRole(tenantId: $t, name: "r") { id } }', { t: tenantId });
    await addMember(a.auth, tenantId);
    await gql(a.auth, 'mutation($t: UUID!) { createRole(tenantId: $t, name: "s") { id } }', { t: tenantId });
    await until('two role.created', () => hook.deliveries.length >= 2);
    await until('the cursor past the last event', async () => (await inTransaction(t.prisma, (tx) => listWebhookEndpoints(tx, a.actor, { tenantId })))[0].pendingEvents === 0);
    expect(hook.deliveries.map((delivery) => [delivery.payload.type, delivery.payload.data.sequence])).toEqual([
      ['role.created', 3],
      ['role.created', 5],
    ]);
  });

  it('retries a 500 with the same webhook-id, and logs every attempt with its status', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    let failures = 2;
    hook.answer = () => (failures-- > 0 ? { status: 500 } : { status: 200 });
    const { endpoint: created } = await endpoint(a.actor, tenantId, hook);
    await addMember(a.auth, tenantId);
    await addMember(a.auth, tenantId);
    await until('both events delivered', () => hook.deliveries.length >= 4);
    expect(hook.deliveries.map((delivery) => delivery.payload.data.sequence)).toEqual([2, 2, 2, 3]);
    expect(new Set(hook.deliveries.slice(0, 3).map((delivery) => delivery.id)).size).toBe(1);
    expect(hook.deliveries.every((delivery) => delivery.verifiedBy.length === 1)).toBe(true);
    await until('the log holds four attempts', async () => (await inTransaction(t.prisma, (tx) => listWebhookDeliveries(tx, a.actor, { endpointId: created.id }))).attempts.length === 4);
    const log = await inTransaction(t.prisma, (tx) => listWebhookDeliveries(tx, a.actor, { endpointId: created.id }));
    expect(log.attempts.map((attempt) => [attempt.sequence, attempt.attempt, attempt.statusCode, attempt.error])).toEqual([
      [3, 1, 200, null],
      [2, 3, 200, null],
      [2, 2, 500, 'HTTP 500'],
      [2, 1, 500, 'HTTP 500'],
    ]);
    expect(log.attempts.every((attempt) => attempt.latencyMs >= 0)).toBe(true);
  });

  it('waits as long as Retry-After says before the next attempt', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    let first = true;
    hook.answer = () => {
      if (!first) return { status: 204 };
      first = false;
      return { status: 503, headers: { 'retry-after': '2' } };
    };
    const { endpoint: created } = await endpoint(a.actor, tenantId, hook);
    await addMember(a.auth, tenantId);
    await until('both attempts logged', async () => (await t.prisma.webhookDelivery.count({ where: { endpointId: created.id } })) >= 2);
    const attempts = await t.prisma.webhookDelivery.findMany({ where: { endpointId: created.id }, orderBy: { id: 'asc' } });
    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([503, 204]);
    expect(hook.deliveries).toHaveLength(2);
    // The retry's claim needs now() past the time the first attempt's statement set, 2 s on (the
    // scaled schedule alone would retry in milliseconds). A bound from below: load cannot break it.
    expect(attempts[1].at.getTime() - attempts[0].at.getTime()).toBeGreaterThanOrEqual(1999);
  });

  it('turns an endpoint off when it answers 410: its events stop, another endpoint’s go on', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const [gone, other] = [await receiver(), await receiver()];
    gone.answer = () => ({ status: 410 });
    const { endpoint: created } = await endpoint(a.actor, tenantId, gone);
    await endpoint(a.actor, tenantId, other);
    await addMember(a.auth, tenantId);
    await until('the 410', () => gone.deliveries.length >= 1);
    await until('the endpoint turned off', async () => !(await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } })).enabled);
    await addMember(a.auth, tenantId);
    await addMember(a.auth, tenantId);
    await until('the other endpoint has all three', () => other.deliveries.length >= 3);
    expect(gone.deliveries).toHaveLength(1);
    const [view] = (await inTransaction(t.prisma, (tx) => listWebhookEndpoints(tx, a.actor, { tenantId }))).filter((row) => row.id === created.id);
    expect(view).toMatchObject({ enabled: false, disabledReason: 'GONE', pendingEvents: 3 });

    // Turned back on, it resumes where it stopped: nothing committed meanwhile is lost.
    gone.answer = () => ({ status: 204 });
    await inTransaction(t.prisma, (tx) => updateWebhookEndpoint(tx, a.actor, { endpointId: created.id, enabled: true }, meta));
    await until('the three events', () => gone.deliveries.length >= 4);
    expect(gone.deliveries.map((delivery) => delivery.payload.data.sequence)).toEqual([2, 2, 3, 4]);
  });

  it('passes an event over after the whole schedule (a dead letter), delivers the next, and replays it on request', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    let poisoned: string | null = null;
    hook.answer = (delivery) => {
      poisoned ??= delivery.id;
      return delivery.id === poisoned ? { status: 500 } : { status: 204 };
    };
    const { endpoint: created } = await endpoint(a.actor, tenantId, hook);
    await addMember(a.auth, tenantId);
    await addMember(a.auth, tenantId);
    const deadLetters = () => inTransaction(t.prisma, (tx) => listWebhookDeadLetters(tx, a.actor, { endpointId: created.id }));
    await until('the next event delivered', () => hook.deliveries.some((delivery) => delivery.id !== poisoned));
    // The relay writes a batch's outcome (the dead letter) once the batch ends, after its last send.
    await until('the dead letter written', async () => (await deadLetters()).length === 1);
    expect(hook.deliveries.filter((delivery) => delivery.id === poisoned)).toHaveLength(MAX_ATTEMPTS);
    expect(hook.deliveries.map((delivery) => delivery.payload.data.sequence)).toEqual([...Array(MAX_ATTEMPTS).fill(2), 3]);
    const dead = await deadLetters();
    expect(dead).toEqual([{ eventId: poisoned, eventType: 'tenant.user_added', sequence: 2, attempts: MAX_ATTEMPTS, lastError: 'HTTP 500', deadAt: expect.any(Date), replayAt: null }]);
    const [view] = await inTransaction(t.prisma, (tx) => listWebhookEndpoints(tx, a.actor, { tenantId }));
    expect(view.deadLetters).toBe(1);

    hook.answer = () => ({ status: 204 });
    const replay = await inTransaction(t.prisma, (tx) => resendWebhookEvents(tx, a.actor, { endpointId: created.id }, meta));
    expect(replay).toEqual({ queued: 1 });
    await until('the replay', () => hook.deliveries.length >= MAX_ATTEMPTS + 2);
    // Settled (and counted in /metrics, which a later test reads) once its row is gone.
    await until('the replay settled', async () => (await deadLetters()).length === 0);
    expect(hook.deliveries.at(-1)!.id).toBe(poisoned);
    await until('no dead letter left', async () => (await inTransaction(t.prisma, (tx) => listWebhookDeadLetters(tx, a.actor, { endpointId: created.id }))).length === 0);

    // "Resend" of an event delivered already: once more, same id.
    const resent = hook.deliveries[MAX_ATTEMPTS].id;
    await inTransaction(t.prisma, (tx) => resendWebhookEvents(tx, a.actor, { endpointId: created.id, eventIds: [resent] }, meta));
    await until('the resend', () => hook.deliveries.length >= MAX_ATTEMPTS + 3);
    expect(hook.deliveries.at(-1)!.id).toBe(resent);
  });

  it('signs with both secrets while one is rotated: a receiver holding either verifies', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    const { endpoint: created, secret: oldSecret } = await endpoint(a.actor, tenantId, hook);
    const rotated = await inTransaction(t.prisma, (tx) => rotateWebhookSecret(tx, a.actor, { endpointId: created.id }, meta));
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    hook.secrets = [oldSecret, rotated.secret, 'whsec_' + Buffer.alloc(32, 7).toString('base64')];
    await addMember(a.auth, tenantId);
    await until('the delivery', () => hook.deliveries.length >= 1);
    expect(hook.deliveries[0].verifiedBy).toEqual([0, 1]);
    expect(hook.deliveries[0].signature.split(' ')).toHaveLength(2);
  });

  it('delivers nothing of a rolled-back transaction or a preview', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    await endpoint(a.actor, tenantId, hook);
    const member = await addMember(a.auth, tenantId);
    let rolledBack: string | null = null;
    await expect(
      inTransaction(t.prisma, async (tx) => {
        rolledBack = await recordAudit(tx, { actorId: a.user.id, action: 'tenant.user_added', tenantId, targetUserId: member });
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    await gql(a.auth, 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u, dryRun: true) { dryRun } }', { t: tenantId, u: member });
    await addMember(a.auth, tenantId);
    await until('two deliveries', () => hook.deliveries.length >= 2);
    expect(rolledBack).not.toBeNull();
    expect(hook.deliveries.map((delivery) => [delivery.payload.type, delivery.payload.data.sequence])).toEqual([
      ['tenant.user_added', 2],
      ['tenant.user_added', 3],
    ]);
    expect(hook.deliveries.map((delivery) => delivery.id)).not.toContain(rolledBack);
  });

  it('refuses loopback, private and link-local targets when they are not allowed, at creation and at delivery', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const strict: WebhookMeta = { webhooks: { ...meta.webhooks, allowPrivateTargets: false } };
    const refusals: [string, RegExp][] = [
      ['http://127.0.0.1:9/x', /127\.0\.0\.1, a loopback address/],
      ['https://10.1.2.3/x', /private/],
      ['http://169.254.169.254/latest/meta-data', /link-local/],
      ['http://[::1]:8080/', /::1, a loopback address/],
      ['http://localhost:8080/', /localhost resolves to .*loopback/],
      ['http://[::ffff:127.0.0.1]/', /loopback/],
      ['ftp://example.com/', /scheme ftp/],
      ['https://user:pw@example.com/', /credentials/],
    ];
    for (const [url, reason] of refusals) {
      const attempt = inTransaction(t.prisma, (tx) => createWebhookEndpoint(tx, a.actor, { tenantId, url }, strict));
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      await expect(attempt).rejects.toMatchObject({ reason: 'WEBHOOK_URL_REFUSED', issues: [{ loc: ['url'], msg: expect.stringMatching(reason) }] });
    }
    expect(await t.prisma.webhookEndpoint.count({ where: { tenantId } })).toBe(0);

    // At delivery too: a loopback receiver gets nothing, and the attempt is a failure to retry.
    const hook = await receiver();
    const event = { id: '00000000-0000-4000-8000-000000000001', type: 'tenant.user_added', tenantId, sequence: 1, occurredAt: new Date(), data: {} };
    const sent = await sendWebhook({ url: hook.url, secrets: ['whsec_' + Buffer.alloc(32).toString('base64')] }, event, { allowPrivateTargets: false });
    expect(sent.outcome).toEqual({ kind: 'retry', error: expect.stringMatching(/^target refused: 127\.0\.0\.1, a loopback address/) });
    expect(hook.deliveries).toHaveLength(0);
  });

  it('answers unknown event types and a non-manager with typed errors', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const hook = await receiver();
    await expect(inTransaction(t.prisma, (tx) => createWebhookEndpoint(tx, a.actor, { tenantId, url: hook.url, eventTypes: ['user.registered'] }, meta))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ loc: ['eventTypes', 0], type: 'enum' }],
    });
    const stranger = await owner();
    await expect(inTransaction(t.prisma, (tx) => createWebhookEndpoint(tx, stranger.actor, { tenantId, url: hook.url }, meta))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(inTransaction(t.prisma, (tx) => listWebhookEndpoints(tx, stranger.actor, { tenantId }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts deliveries, failed attempts and dead events in /metrics, with the pending gauge and the lag histogram', async () => {
    // The tests above ran on this server: a dead letter, 500s, 503, 410 and deliveries.
    const served = await t.http.get('/metrics');
    const text = String(served.body);
    const value = (line: RegExp) => Number(line.exec(text)?.[1] ?? NaN);
    expect(value(/^tenantry_events_delivered_total\{destination="webhook"\} (\d+)$/m)).toBeGreaterThan(20);
    expect(value(/^tenantry_events_failed_attempts_total\{destination="webhook"\} (\d+)$/m)).toBeGreaterThanOrEqual(MAX_ATTEMPTS + 4);
    expect(value(/^tenantry_events_dead_total\{destination="webhook"\} (\d+)$/m)).toBe(1);
    // Observed for the stream's deliveries; a replay or a resend is not a lag from commit.
    const lagged = value(/^tenantry_events_delivery_lag_seconds_count\{destination="webhook"\} (\d+)$/m);
    expect(lagged).toBeGreaterThan(20);
    expect(lagged).toBeLessThan(value(/^tenantry_events_delivered_total\{destination="webhook"\} (\d+)$/m));
    expect(value(/^tenantry_events_pending (\d+)$/m)).toBeGreaterThanOrEqual(0);
  });

  it('never follows a redirect, and gives up on an answer that does not come within the timeout', async () => {
    const [redirecting, target] = [await receiver(), await receiver()];
    redirecting.answer = () => ({ status: 307, headers: { location: target.url } });
    const secret = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    const event = { id: '00000000-0000-4000-8000-000000000002', type: 'tenant.user_added', tenantId: '00000000-0000-4000-8000-000000000003', sequence: 1, occurredAt: new Date(), data: {} };
    const redirected = await sendWebhook({ url: redirecting.url, secrets: [secret] }, event, { allowPrivateTargets: true });
    expect(redirected).toMatchObject({ outcome: { kind: 'retry', error: 'HTTP 307' }, statusCode: 307 });
    expect([redirecting.deliveries.length, target.deliveries.length]).toEqual([1, 0]);

    const silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const timedOut = await sendWebhook({ url, secrets: [secret] }, event, { allowPrivateTargets: true, timeoutMs: 300 });
      expect(timedOut).toMatchObject({ outcome: { kind: 'retry', error: 'no answer within 0.3 s' }, statusCode: null });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('keeps the connection between deliveries; a long or endless answer, or a receiver dropping the kept connection, costs the connection, never the delivery', async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 2).toString('base64');
    const event = { id: '00000000-0000-4000-8000-000000000004', type: 'tenant.user_added', tenantId: '00000000-0000-4000-8000-000000000005', sequence: 1, occurredAt: new Date(), data: {} };
    let answer: 'plain' | 'long' | 'endless' | 'hang up on a kept connection' = 'plain';
    const served = new WeakSet<object>();
    let connections = 0;
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (answer === 'hang up on a kept connection' && served.has(request.socket)) return request.socket.destroy();
        served.add(request.socket);
        if (answer === 'long') return response.writeHead(200).end(Buffer.alloc(200 * 1024));
        if (answer === 'endless') return response.writeHead(200).write('never ends');
        response.writeHead(204).end();
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const kept = () => Object.values(webhookAgents.http.freeSockets).flat().length === 1;
    const send = async () => (await sendWebhook({ url, secrets: [secret] }, event, { allowPrivateTargets: true, timeoutMs: 2_000 })).outcome.kind;
    try {
      expect(await send()).toBe('delivered');
      await until('the connection kept', kept);
      expect(await send()).toBe('delivered');
      expect(connections).toBe(1);

      answer = 'long';
      await until('the connection kept', kept);
      expect(await send()).toBe('delivered');
      answer = 'endless';
      expect(await send()).toBe('delivered');
      expect(connections).toBe(2); // the long answer's connection was closed, not kept

      answer = 'hang up on a kept connection';
      await until('the endless answer’s connection closed', () => Object.values(webhookAgents.http.sockets).flat().length === 0);
      expect(await send()).toBe('delivered');
      await until('the connection kept', kept);
      expect(await send()).toBe('delivered'); // its kept connection hung up: sent again on a fresh one
      expect(connections).toBe(4);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('updates and deletes an endpoint with its cursor and log, auditing each change outside the event stream', async () => {
    const a = await owner();
    const tenantId = await tenant(a.auth);
    const [first, second] = [await receiver(), await receiver()];
    const { endpoint: created, secret } = await endpoint(a.actor, tenantId, first);
    await addMember(a.auth, tenantId);
    await until('the first delivery', () => first.deliveries.length === 1);

    const strict: WebhookMeta = { webhooks: { ...meta.webhooks, allowPrivateTargets: false } };
    await expect(inTransaction(t.prisma, (tx) => updateWebhookEndpoint(tx, a.actor, { endpointId: created.id, url: 'http://127.0.0.1/' }, strict))).rejects.toMatchObject({ reason: 'WEBHOOK_URL_REFUSED' });
    const updated = await inTransaction(t.prisma, (tx) =>
      updateWebhookEndpoint(tx, a.actor, { endpointId: created.id, url: second.url, description: 'the second', eventTypes: ['role.created'] }, meta),
    );
    expect(updated).toMatchObject({ id: created.id, url: second.url, description: 'the second', eventTypes: ['role.created'], enabled: true });
    second.secrets = [secret];
    await addMember(a.auth, tenantId);
    await gql(a.auth, 'mutation($t: UUID!) { createRole(tenantId: $t, name: "r") { id } }', { t: tenantId });
    await until('the role event at the new URL', () => second.deliveries.length === 1);
    expect(second.deliveries[0].payload).toMatchObject({ type: 'role.created', data: { sequence: 4 } });
    expect([first.deliveries.length, second.deliveries[0].verifiedBy]).toEqual([1, [0]]);

    await inTransaction(t.prisma, (tx) => deleteWebhookEndpoint(tx, a.actor, { endpointId: created.id }, meta));
    expect(await t.prisma.eventDeliveryCursor.count({ where: { endpointId: created.id } })).toBe(0);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: created.id } })).toBe(0);
    await expect(inTransaction(t.prisma, (tx) => listWebhookDeliveries(tx, a.actor, { endpointId: created.id }))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const audit = await t.prisma.auditEvent.findMany({ where: { tenantId, action: { startsWith: 'webhook_endpoint.' } }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => [row.action, row.tenantSeq])).toEqual([
      ['webhook_endpoint.created', null],
      ['webhook_endpoint.updated', null],
      ['webhook_endpoint.deleted', null],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
