import { AUDIT_ACTION_LABELS } from '../../src/domain/audit/audit-actions.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('auditActions', () => {
  it('serves every action the audit trail records, with its label, to any signed-in caller', async () => {
    const response = await t.http.graphql('{ auditActions { action label } }', {}, await tokenFor(await buildUser(t.prisma)));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.auditActions).toEqual(Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => ({ action, label })));
  });

  it('refuses an anonymous caller', async () => {
    const response = await t.http.graphql('{ auditActions { action label } }', {});
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
