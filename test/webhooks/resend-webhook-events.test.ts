import { startDeliveringApp, type TestApp } from '../helpers/app.ts';
import { until } from '../events/webhook-receiver.ts';
import { addMemberByGraphQL, DOORS, receivers, webhookDoors, webhookWorld } from './doors.ts';

// resendWebhookEvents through both doors: a dead letter, or any event of the tenant's stream,
// is sent again to a real receiver with the same webhook-id.

let t: TestApp;
beforeAll(async () => {
  t = await startDeliveringApp();
});
afterAll(() => t.close());
const receiver = receivers();

describe.each(DOORS)('resendWebhookEvents through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('replays every dead letter once the receiver is back, with the same webhook-id', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    hook.answer = () => ({ status: 500 });
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    hook.secrets = [created.data.secret];
    const id = created.data.endpoint.id;
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the dead letter', async () => (await t.prisma.webhookDeadLetter.count({ where: { endpointId: id, replayAt: null } })) === 1);
    const deadId = hook.deliveries[0].id;

    hook.answer = () => ({ status: 204 });
    expect(await doors().resend(w.auth.manager, w.tenant.id, id)).toEqual({ ok: true, data: { queued: 1 } });
    await until('the replay', () => hook.deliveries.length === 9);
    expect(hook.deliveries[8]).toMatchObject({ id: deadId, verifiedBy: [0] });
    await until('the dead letter to go', async () => (await t.prisma.webhookDeadLetter.count({ where: { endpointId: id } })) === 0);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.events_resent' } });
    expect(audit).toMatchObject({ tenantSeq: null, details: { endpointId: id, queued: 1 } });
    // Nothing dead is left: a second replay queues nothing and records nothing.
    expect(await doors().resend(w.auth.manager, w.tenant.id, id)).toEqual({ ok: true, data: { queued: 0 } });
    expect(await t.prisma.auditEvent.count({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.events_resent' } })).toBe(1);
  });

  it('sends a delivered event again by id', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    hook.secrets = [created.data.secret];
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the first delivery', () => hook.deliveries.length === 1);
    expect(await doors().resend(w.auth.owner, w.tenant.id, created.data.endpoint.id, [hook.deliveries[0].id])).toEqual({ ok: true, data: { queued: 1 } });
    await until('the resend', () => hook.deliveries.length === 2);
    expect(hook.deliveries[1]).toMatchObject({ id: hook.deliveries[0].id, verifiedBy: [0] });
  });

  it('refuses another tenant’s event, a member, and another tenant’s endpoint', async () => {
    const w = await webhookWorld(t);
    const other = await webhookWorld(t);
    await addMemberByGraphQL(t, other.auth.owner, other.tenant.id);
    const foreignEvent = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: other.tenant.id, action: 'tenant.user_added' } });
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    expect(await doors().resend(w.auth.owner, w.tenant.id, id, [foreignEvent.id])).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await doors().resend(w.auth.member, w.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().resend(other.auth.owner, other.tenant.id, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.prisma.webhookDeadLetter.count({ where: { endpointId: id } })).toBe(0);
  });
});
