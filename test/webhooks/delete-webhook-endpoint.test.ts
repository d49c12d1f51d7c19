import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DOORS, webhookDoors, webhookWorld } from './doors.ts';

// deleteWebhookEndpoint through both doors: the endpoint goes with its cursor, and only a
// manager of its own tenant can make it go.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe.each(DOORS)('deleteWebhookEndpoint through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('deletes the endpoint and its cursor, and records it outside the event stream', async () => {
    const w = await webhookWorld(t);
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    expect(await t.prisma.eventDeliveryCursor.count({ where: { endpointId: id } })).toBe(1);

    expect(await doors().remove(w.auth.manager, w.tenant.id, id)).toMatchObject({ ok: true, data: { message: 'Webhook endpoint deleted' } });
    expect(await doors().list(w.auth.owner, w.tenant.id)).toEqual({ ok: true, data: [] });
    expect(await t.prisma.eventDeliveryCursor.count({ where: { endpointId: id } })).toBe(0);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.deleted' } });
    expect(audit).toMatchObject({ tenantSeq: null, details: { endpointId: id } });
    // A second deletion finds nothing.
    expect(await doors().remove(w.auth.owner, w.tenant.id, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('refuses a member, and another tenant’s owner under either tenant', async () => {
    const w = await webhookWorld(t);
    const created = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    expect(await doors().remove(w.auth.member, w.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().remove(w.auth.foreignOwner, w.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().remove(w.auth.foreignOwner, w.foreign.id, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.prisma.webhookEndpoint.count({ where: { id } })).toBe(1);
  });
});
