import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { until } from '../events/webhook-receiver.ts';
import { addMemberByGraphQL, camelized, DOORS, receivers, webhookDoors, webhookWorld, type Door, type Outcome } from './doors.ts';

// rotateWebhookSecret through both doors: the new secret is shown once, and while the overlap
// lasts a real receiver verifies every delivery (with `standardwebhooks`) with either secret.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { EVENTS_RELAY: 'true', EVENTS_POLL_MS: '20' } });
});
afterAll(() => t.close());
const receiver = receivers();

async function rotate(door: Door, auth: Auth, tenantId: string, endpointId: string): Promise<Outcome<{ endpointId: string; secret: string; previousSecretExpiresAt: string | null }>> {
  if (door === 'GraphQL') {
    const response = await t.http.graphql(
      'mutation($tenantId: UUID!, $endpointId: UUID!) { rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) { endpointId secret previousSecretExpiresAt } }',
      { tenantId, endpointId },
      auth,
    );
    const error = response.body.errors?.[0];
    return error ? { ok: false, code: error.extensions?.code, body: response.body } : { ok: true, data: response.body.data.rotateWebhookSecret };
  }
  const response = await t.http.post(`/api/v1/tenants/${tenantId}/webhook-endpoints/${endpointId}/rotate-secret`, { auth });
  expect(response.status).toBeLessThan(500);
  const codes: Record<number, string> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
  return response.status < 300 ? { ok: true, data: camelized(response.body) } : { ok: false, code: codes[response.status] ?? `HTTP ${response.status}`, body: response.body };
}

describe.each(DOORS)('rotateWebhookSecret through %s', (door) => {
  it('shows a new secret once; both secrets sign while the overlap lasts, and a second rotation drops the oldest', async () => {
    const w = await webhookWorld(t);
    const hook = await receiver();
    const created = await webhookDoors(t, door).create(w.auth.owner, w.tenant.id, { url: hook.url });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;

    const rotated = await rotate(door, w.auth.manager, w.tenant.id, id);
    if (!rotated.ok) throw new Error(JSON.stringify(rotated));
    expect(rotated.data.endpointId).toBe(id);
    expect(rotated.data.secret).toMatch(/^whsec_/);
    expect(rotated.data.secret).not.toBe(created.data.secret);
    // WEBHOOK_SECRET_OVERLAP_HOURS: 24 by default.
    expect(Date.parse(rotated.data.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const listed = await webhookDoors(t, door).list(w.auth.owner, w.tenant.id);
    expect(listed).toMatchObject({ ok: true, data: [{ id, previousSecretExpiresAt: rotated.data.previousSecretExpiresAt }] });
    expect(JSON.stringify(listed)).not.toContain(rotated.data.secret);

    hook.secrets = [created.data.secret, rotated.data.secret];
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the first delivery', () => hook.deliveries.length === 1);
    expect(hook.deliveries[0].verifiedBy).toEqual([0, 1]);

    const again = await rotate(door, w.auth.owner, w.tenant.id, id);
    if (!again.ok) throw new Error(JSON.stringify(again));
    hook.secrets = [created.data.secret, rotated.data.secret, again.data.secret];
    await addMemberByGraphQL(t, w.auth.owner, w.tenant.id);
    await until('the second delivery', () => hook.deliveries.length === 2);
    expect(hook.deliveries[1].verifiedBy).toEqual([1, 2]);

    const audits = await t.prisma.auditEvent.findMany({ where: { tenantId: w.tenant.id, action: 'webhook_endpoint.secret_rotated' } });
    expect(audits).toHaveLength(2);
    expect(audits.every((audit) => audit.tenantSeq === null)).toBe(true);
    expect(JSON.stringify(audits.map((audit) => audit.details))).not.toContain('whsec_');
  });

  it('refuses a member and another tenant’s owner, and finds no endpoint under another tenant', async () => {
    const w = await webhookWorld(t);
    const created = await webhookDoors(t, door).create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    const before = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(await rotate(door, w.auth.member, w.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await rotate(door, w.auth.foreignOwner, w.tenant.id, id)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await rotate(door, w.auth.foreignOwner, w.foreign.id, id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});

describe('rotateWebhookSecret and Idempotency-Key', () => {
  it('refuses the header: an answer holding a secret is never stored', async () => {
    const w = await webhookWorld(t);
    const created = await webhookDoors(t, 'REST').create(w.auth.owner, w.tenant.id, { url: 'http://127.0.0.1:9/hooks' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.endpoint.id;
    const before = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    const response = await t.http.post(`/api/v1/tenants/${w.tenant.id}/webhook-endpoints/${id}/rotate-secret`, { auth: w.auth.owner, headers: { 'idempotency-key': 'rotate-1' } });
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('Idempotency-Key is not accepted on rotateWebhookSecret');
    expect(await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});
