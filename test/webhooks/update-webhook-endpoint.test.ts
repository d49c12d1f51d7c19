import { startTestApp, type TestApp } from '../helpers/app.ts';
import { until } from '../events/webhook-receiver.ts';
import { addMemberByGraphQL, DOORS, reasonOf, receivers, webhookDoors, webhookWorld } from './doors.ts';

// updateWebhookEndpoint through both doors: the filter, the description, the URL and the state
// change what the relay sends next, and nothing of another tenant is reachable.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { EVENTS_RELAY: 'true', EVENTS_POLL_MS: '20' } });
});
afterAll(() => t.close());
const receiver = receivers();

async function removeMember(auth: { token: string }, tenantId: string, userId: string) {
  const removed = await t.http.graphql('mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: userId }, auth);
  expect(removed.body.errors).toBeUndefined();
}

describe.each(DOORS)('updateWebhookEndpoint through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('narrows the filter and moves the endpoint: the next events go to the new URL, only of the kept type', async () => {
    const w = await webhookWorld(t);
    const [before, after] = [await receiver(), await receiver()];
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: before.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    after.secrets = [created.data.secret];

    const updated = await doors().update(w.auth.manager, w.tenant.id, created.data.endpoint.id, { url: after.url, description: 'moved', eventTypes: ['tenant.user_removed'] });
    expect(updated).toMatchObject({ ok: true, data: { id: created.data.endpoint.id, url: after.url, description: 'moved', eventTypes: ['tenant.user_removed'], enabled: true } });

    // Added, then removed: in stream order, so had the addition been sent it would arrive first.
    const user = await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await removeMember(w.auth.owner, w.tenant.id, user.id);
    await until('the removal’s delivery', () => after.deliveries.length >= 1);
    expect(after.deliveries.map((delivery) => delivery.payload.type)).toEqual(['tenant.user_removed']);
    expect(after.deliveries[0].verifiedBy).toEqual([0]);
    expect(before.deliveries).toEqual([]);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.updated' } });
    expect(audit.tenantSeq).toBeNull();
  });

  it('turns an endpoint off and on again: delivery resumes where it stopped, nothing lost', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    hook.secrets = [created.data.secret];
    const id = created.data.endpoint.id;

    expect(await doors().update(w.auth.owner, w.tenant.id, id, { enabled: false })).toMatchObject({ ok: true, data: { enabled: false } });
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    const listed = await doors().list(w.auth.owner, w.tenant.id);
    expect(listed).toMatchObject({ ok: true, data: [{ id, enabled: false, pendingEvents: 1 }] });

    expect(await doors().update(w.auth.owner, w.tenant.id, id, { enabled: true })).toMatchObject({ ok: true, data: { enabled: true } });
    await until('the held event’s delivery', () => hook.deliveries.length >= 1);
    expect(hook.deliveries[0].payload.type).toBe('tenant.user_added');
  });

  it('finds no endpoint of another tenant under the caller’s own, and refuses members', async () => {
    const w = await webhookWorld(t);
    const other = await webhookWorld(t);
    const created = await doors().create(other.auth.owner, other.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    expect(await doors().update(w.auth.owner, w.tenant.id, id, { description: 'taken' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await doors().update(w.auth.owner, other.tenant.id, id, { description: 'taken' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().update(other.auth.member, other.tenant.id, id, { description: 'taken' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ description: '' });
  });

  it('refuses a bad URL or type with a reason and changes nothing', async () => {
    const w = await webhookWorld(t);
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    const badUrl = await doors().update(w.auth.owner, w.tenant.id, id, { url: 'gopher://127.0.0.1/' });
    expect(badUrl).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(reasonOf(badUrl)).toMatch(/url/i);
    expect(await doors().update(w.auth.owner, w.tenant.id, id, { eventTypes: ['no.such_type'] })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ url: 'http://127.0.0.1:9/hooks', eventTypes: [] });
  });
});
