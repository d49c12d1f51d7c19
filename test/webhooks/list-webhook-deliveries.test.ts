import { startDeliveringApp, type TestApp } from '../helpers/app.ts';
import { until } from '../events/webhook-receiver.ts';
import { addMemberByGraphQL, DOORS, receivers, webhookDoors, webhookWorld } from './doors.ts';

// Tenant.webhookDeliveries through both doors: every attempt the relay made at a real receiver,
// newest first, with its status and latency, paged; and the endpoint's dead letters.

let t: TestApp;
beforeAll(async () => {
  t = await startDeliveringApp();
});
afterAll(() => t.close());
const receiver = receivers();

describe.each(DOORS)('webhookDeliveries through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('shows a failed attempt and the retry that was taken, newest first, page by page', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    hook.answer = () => (hook.deliveries.length === 1 ? { status: 500 } : { status: 204 });
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    hook.secrets = [created.data.secret];
    const id = created.data.endpoint.id;
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('two attempts logged', async () => (await t.prisma.webhookDelivery.count({ where: { endpointId: id } })) === 2);

    const log = await doors().deliveries(w.auth.manager, w.tenant.id, id);
    if (!log.ok) throw new Error(JSON.stringify(log));
    expect(log.data.attempts).toMatchObject([
      { eventId: hook.deliveries[1].id, eventType: 'tenant.user_added', sequence: hook.deliveries[1].payload.data.sequence, attempt: 2, statusCode: 204, error: null },
      { eventId: hook.deliveries[0].id, attempt: 1, statusCode: 500, error: expect.stringMatching(/500/) },
    ]);
    for (const attempt of log.data.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
    expect(log.data).toMatchObject({ hasNextPage: false, deadLetters: [] });

    const first = await doors().deliveries(w.auth.manager, w.tenant.id, id, { first: 1 });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.data).toMatchObject({ attempts: [{ attempt: 2 }], hasNextPage: true });
    const older = await doors().deliveries(w.auth.manager, w.tenant.id, id, { first: 1, after: first.data.endCursor });
    expect(older).toMatchObject({ ok: true, data: { attempts: [{ attempt: 1 }], hasNextPage: false } });
  });

  it('lists an event dead after the whole schedule', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    hook.answer = () => ({ status: 503 });
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the dead letter', async () => (await t.prisma.webhookDeadLetter.count({ where: { endpointId: id } })) === 1);

    const log = await doors().deliveries(w.auth.owner, w.tenant.id, id, { first: 200 });
    if (!log.ok) throw new Error(JSON.stringify(log));
    expect(log.data.attempts).toHaveLength(8);
    expect(log.data.attempts.every((attempt: { statusCode: number }) => attempt.statusCode === 503)).toBe(true);
    expect(log.data.deadLetters).toMatchObject([{ eventId: hook.deliveries[0].id, eventType: 'tenant.user_added', attempts: 8, replayAt: null }]);
    expect(log.data.deadLetters[0].deadAt).toEqual(expect.any(String));
  });

  it('finds no endpoint of another tenant, and refuses members and bad cursors', async () => {
    const w = await webhookWorld(t);
    const other = await webhookWorld(t);
    const created = await doors().create(other.auth.owner, other.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    expect(await doors().deliveries(w.auth.owner, w.tenant.id, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await doors().deliveries(other.auth.member, other.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().deliveries(other.auth.owner, other.tenant.id, id, { after: 'not-a-cursor' })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await doors().deliveries(other.auth.owner, other.tenant.id, id, { first: 0 })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });
});
