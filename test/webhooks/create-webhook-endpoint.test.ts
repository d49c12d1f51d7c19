import { startTestApp, type TestApp } from '../helpers/app.ts';
import { until } from '../events/webhook-receiver.ts';
import { addMemberByGraphQL, DOORS, reasonOf, receivers, webhookDoors, webhookWorld } from './doors.ts';

// createWebhookEndpoint through both doors: the secret shown once signs every delivery, as the
// `standardwebhooks` package verifies it at a real receiver on loopback; refusals are 4xx.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { EVENTS_RELAY: 'true', EVENTS_POLL_MS: '20' } });
});
afterAll(() => t.close());
const receiver = receivers();

describe.each(DOORS)('createWebhookEndpoint through %s', (door) => {
  const doors = () => webhookDoors(t, door);

  it('adds an endpoint whose shown secret signs the tenant’s next events, and records it outside the event stream', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    const created = await doors().create(w.auth.manager, w.tenant.id, { url: hook.url, description: 'search index', eventTypes: ['tenant.user_added'] });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const { endpoint, secret } = created.data;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(endpoint).toMatchObject({ tenantId: w.tenant.id, url: hook.url, description: 'search index', eventTypes: ['tenant.user_added'], enabled: true, pendingEvents: 0, deadLetters: 0 });
    hook.secrets = [secret];

    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the delivery of the addition', () => hook.deliveries.length >= 1);
    expect(hook.deliveries[0].verifiedBy).toEqual([0]);
    expect(hook.deliveries[0].payload).toMatchObject({ type: 'tenant.user_added', data: { tenantId: w.tenant.id } });

    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.created' } });
    expect(audit.tenantSeq).toBeNull();
    expect(audit.details).toMatchObject({ endpointId: endpoint.id, url: hook.url });
    // The secret is in no answer but this one.
    const listed = await doors().list(w.auth.owner, w.tenant.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('refuses members and other tenants’ managers, storing nothing', async () => {
    const w = await webhookWorld(t);
    for (const auth of [w.auth.member, w.auth.foreignOwner]) {
      const refused = await doors().create(auth, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
      expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await t.prisma.webhookEndpoint.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it.each([
    ['a scheme other than http(s)', 'ftp://127.0.0.1/hooks', /http/i],
    ['credentials in the URL', 'http://user:secret@127.0.0.1/hooks', /credential/i],
    ['no URL at all', 'not a url', /absolute URL/i],
  ])('refuses %s with a reason, never a 5xx', async (_what, url, reason) => {
    const w = await webhookWorld(t);
    const refused = await doors().create(w.auth.owner, w.tenant.id, { url });
    expect(refused).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(reasonOf(refused)).toMatch(reason);
    expect(await t.prisma.webhookEndpoint.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });

  it('refuses an event type outside the catalogue', async () => {
    const w = await webhookWorld(t);
    const refused = await doors().create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks', eventTypes: ['user.registered'] });
    expect(refused).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });
});

describe('createWebhookEndpoint and SSRF', () => {
  it('refuses a loopback target where the operator has not allowed private targets', async () => {
    const strict = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    try {
      const w = await webhookWorld(strict);
      for (const door of DOORS) {
        for (const [url, kind] of [
          ['http://127.0.0.1:9/hooks', /loopback/],
          ['http://[::1]:9/hooks', /loopback/],
          ['http://169.254.169.254/latest', /link-local/],
          ['http://10.0.0.1/hooks', /private/],
        ] as const) {
          const refused = await webhookDoors(strict, door).create(w.auth.owner, w.tenant.id, { url });
          expect(refused).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
          expect(reasonOf(refused)).toMatch(kind);
        }
      }
      expect(await strict.prisma.webhookEndpoint.count({ where: { tenantId: w.tenant.id } })).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

describe('createWebhookEndpoint and Idempotency-Key', () => {
  it('refuses the header: an answer holding a secret is never stored', async () => {
    const w = await webhookWorld(t);
    const headers = { 'idempotency-key': 'hook-1' };
    const rest = await t.http.post(`/api/v1/tenants/${w.tenant.id}/webhook-endpoints`, { auth: w.auth.owner, json: { url: 'http://127.0.0.1:9/hooks' }, headers });
    expect(rest.status).toBe(422);
    expect(rest.body.detail).toContain('Idempotency-Key is not accepted on createWebhookEndpoint');
    expect(await t.prisma.webhookEndpoint.count({ where: { tenantId: w.tenant.id } })).toBe(0);
  });
});
