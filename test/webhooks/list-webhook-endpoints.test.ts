import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DOORS, webhookDoors, webhookWorld } from './doors.ts';

// Tenant.webhookEndpoints through both doors: the tenant's managers read its endpoints, oldest
// first, never a secret; members and other tenants read nothing.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe.each(DOORS)('webhookEndpoints through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('lists the tenant’s endpoints oldest first, with their state and without secrets', async () => {
    const w = await webhookWorld(t);
    const other = await webhookWorld(t);
    const first = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/first' });
    const second = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/second', eventTypes: ['tenant.user_removed'] });
    await doors().create(other.auth.owner, other.tenant.id, { url: 'http://127.0.0.1:9/other' });
    if (!first.ok || !second.ok) throw new Error('arranging the endpoints failed');

    const listed = await doors().list(w.auth.manager, w.tenant.id);
    if (!listed.ok) throw new Error(JSON.stringify(listed));
    expect(listed.data.map((endpoint) => endpoint.url)).toEqual(['http://127.0.0.1:9/first', 'http://127.0.0.1:9/second']);
    expect(listed.data[1]).toMatchObject({ eventTypes: ['tenant.user_removed'], enabled: true, disabledReason: null, failedAttempts: 0, deadLetters: 0, previousSecretExpiresAt: null });
    const text = JSON.stringify(listed.data);
    expect(text).not.toContain(first.data.secret);
    expect(text).not.toContain('whsec_');
  });

  it('refuses members and other tenants’ owners', async () => {
    const w = await webhookWorld(t);
    expect(await doors().list(w.auth.member, w.tenant.id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await doors().list(w.auth.foreignOwner, w.tenant.id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
