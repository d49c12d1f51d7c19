// Idempotency-Key across two real service processes on one PostgreSQL database: a request whose
// client gave up before the answer, retried on the other process; and two requests with one key
// racing, one on each process. PostgreSQL only: the embedded database serves one process.
import { Client } from 'pg';
import type { Database } from '../../src/db/database.ts';
import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { REMOVE_MUTATION } from '../helpers/removal-doors.ts';
import { startServicePair, type ServicePair } from '../helpers/service-pair.ts';
import type { ServiceProcess } from '../helpers/service-process.ts';

const describeOnPostgres = onRealPostgres ? describe : describe.skip;
if (!onRealPostgres) {
  console.log('idempotency across processes: SKIPPED on the embedded database (it serves one process). Set TEST_DATABASE_URL to run it.');
}

let pair: ServicePair | undefined;
let database: TestDatabase;
let db: Database;
let services: ServiceProcess[] = [];

interface Sent {
  status: number;
  replayed: boolean;
  retryAfter: string | null;
  text: string;
}

/** One removal through a door of one process, as raw HTTP. */
type Door = (baseUrl: string, token: string, tenantId: string, userId: string, key: string, signal?: AbortSignal) => Promise<Sent>;

async function sent(response: Response): Promise<Sent> {
  return { status: response.status, replayed: response.headers.get('idempotency-replayed') === 'true', retryAfter: response.headers.get('retry-after'), text: await response.text() };
}

const viaRest: Door = async (baseUrl, token, tenantId, userId, key, signal) =>
  sent(await fetch(`${baseUrl}/api/v1/permissions/tenants/${tenantId}/users/${userId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, signal }));

const viaGraphQL: Door = async (baseUrl, token, tenantId, userId, key, signal) =>
  sent(
    await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ query: REMOVE_MUTATION, variables: { tenantId, userId } }),
      signal,
    }),
  );

/** The receipt of a removal that happened, from either door's body. */
function receipt(text: string): { message: string; auditEventId: string } {
  const body = JSON.parse(text);
  const payload = body.data?.removeUserFromTenant ?? body;
  return { message: payload.message, auditEventId: payload.auditEventId ?? payload.audit_event_id };
}

const removals = (userId: string) => db.prisma.auditEvent.findMany({ where: { action: 'tenant.user_removed', targetUserId: userId } });

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeOnPostgres('Idempotency-Key across two service processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    pair = await startServicePair();
    ({ database, db, services } = pair);
  }, 120_000);

  afterAll(() => pair?.stop());

  describe.each([
    ['REST', viaRest],
    ['GraphQL', viaGraphQL],
  ] as const)('through %s', (_door, send) => {
    it('answers the retry on the other process with the original receipt after the client disconnected before the answer; 409 + Retry-After while it ran', async () => {
      const [a, b] = services.map((service) => service.baseUrl);
      const w = await buildRemovalNeighbourhood(db.prisma);
      const { token } = await tokenFor(w.owner);
      const key = `lost-${w.target.id}`;

      // Hold the tenant row so the removal on A stops inside its transaction, key claimed.
      const blocker = new Client(database.connection);
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [w.tenant.id]);
        const client = new AbortController();
        const lost = send(a, token, w.tenant.id, w.target.id, key, client.signal).then(
          () => 'answered',
          () => 'disconnected',
        );
        await until(async () => {
          const [row] = await db.prisma.$queryRaw<{ waiting: bigint }[]>`
            SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          return row.waiting > 0n ? true : undefined;
        }, 'the removal to wait for the tenant lock');
        client.abort();
        expect(await lost).toBe('disconnected');

        const during = await send(b, token, w.tenant.id, w.target.id, key);
        expect(during.status).toBe(409);
        expect(during.retryAfter).toBe('1');
        expect(await removals(w.target.id)).toEqual([]);
      } finally {
        await blocker.query('ROLLBACK');
        await blocker.end();
      }

      // A finishes the removal for nobody; B's retry gets A's answer.
      const retry = await until(async () => {
        const response = await send(b, token, w.tenant.id, w.target.id, key);
        return response.status === 409 ? undefined : response;
      }, 'the first request to finish');
      expect(retry).toMatchObject({ status: 200, replayed: true });
      const events = await removals(w.target.id);
      expect(events).toHaveLength(1);
      expect(receipt(retry.text)).toEqual({ message: 'User removed from tenant', auditEventId: events[0].id });
    });

    it('makes one effect of two concurrent requests with one key, one on each process: the other gets 409 or the replay', async () => {
      const [a, b] = services.map((service) => service.baseUrl);
      for (let round = 0; round < 6; round++) {
        const w = await buildRemovalNeighbourhood(db.prisma);
        const { token } = await tokenFor(w.owner);
        const key = `race-${round}-${w.target.id}`;
        const answers = await Promise.all([send(a, token, w.tenant.id, w.target.id, key), send(b, token, w.tenant.id, w.target.id, key)]);

        const fresh = answers.filter((answer) => answer.status === 200 && !answer.replayed);
        expect(fresh).toHaveLength(1);
        for (const other of answers.filter((answer) => answer !== fresh[0])) {
          if (other.status === 409) expect(other.retryAfter).toBe('1');
          else expect(other).toEqual({ ...fresh[0], replayed: true });
        }
        const events = await removals(w.target.id);
        expect(events).toHaveLength(1);
        expect(receipt(fresh[0].text).auditEventId).toBe(events[0].id);
        // Whatever the race gave, a retry now replays the one receipt.
        expect(await send(b, token, w.tenant.id, w.target.id, key)).toEqual({ ...fresh[0], replayed: true });
      }
    });
  });
});
