import { PassThrough } from 'node:stream';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** The server's log lines, parsed as they arrive. */
class CapturedLog {
  readonly stream = new PassThrough();
  readonly lines: Record<string, any>[] = [];
  private waiters: (() => void)[] = [];
  private buffered = '';

  constructor() {
    this.stream.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (this.buffered + chunk).split('\n');
      this.buffered = parts.pop()!;
      for (const part of parts) if (part) this.lines.push(JSON.parse(part));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Every line of one request, once its closing "request" line has been written. */
  async ofRequest(reqId: string): Promise<Record<string, any>[]> {
    while (!this.lines.some((line) => line.reqId === reqId && line.msg === 'request')) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.lines.filter((line) => line.reqId === reqId);
  }
}

const log = new CapturedLog();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ logTo: log.stream });
});
afterAll(() => t.close());

describe('the request log', () => {
  it('writes one line per request, with the fields a log search needs', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/graphql', {
      auth: await tokenFor(user),
      headers: { 'x-request-id': 'log-test-graphql' },
      json: { query: 'query WhoAmI { me { id } }' },
    });
    expect(response.status).toBe(200);
    const lines = await log.ofRequest('log-test-graphql');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 30,
        msg: 'request',
        reqId: 'log-test-graphql',
        method: 'POST',
        path: '/graphql',
        route: '/graphql',
        status: 200,
        durationMs: expect.any(Number),
        ip: '127.0.0.1',
        userId: user.id,
        operation: 'WhoAmI',
      }),
    );
  });

  it('names the route pattern and the GraphQL operation of a legacy route, and leaves the query string out', async () => {
    const user = await buildUser(t.prisma);
    const missing = '00000000-0000-4000-8000-000000000000';
    await t.http.delete(`/api/v1/permissions/tenants/${missing}/users/${missing}?dry_run=true`, {
      auth: await tokenFor(user),
      headers: { 'x-request-id': 'log-test-rest' },
    });
    const lines = await log.ofRequest('log-test-rest');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: 'DELETE',
      path: `/api/v1/permissions/tenants/${missing}/users/${missing}`,
      route: '/api/v1/permissions/tenants/:tenant_id/users/:user_id',
      status: 404,
      userId: user.id,
      operation: 'LegacyRemoveUserFromTenant',
    });
  });

  it('writes the line for an anonymous request too, without a user', async () => {
    await t.http.get('/health', { headers: { 'x-request-id': 'log-test-anonymous' } });
    const lines = await log.ofRequest('log-test-anonymous');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/health', route: '/health', status: 200 });
    expect(lines[0]).not.toHaveProperty('userId');
    expect(lines[0]).not.toHaveProperty('operation');
  });
});
