import { randomBytes } from 'node:crypto';
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { addMember, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { describeWithNats, TEST_NATS_URL } from '../helpers/nats.ts';

// The service itself, with NATS_URL set: its relay publishes every committed event of every
// tenant to JetStream, once, in each tenant's order, and nothing of a preview or a refusal.

describeWithNats('events to NATS JetStream through the service', () => {
  const tag = randomBytes(6).toString('hex');
  const stream = `TENANTRY_RELAY_${tag}`;
  const prefix = `tenantry.relay_${tag}.events`;
  let t: TestApp;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    t = await startTestApp({ env: { EVENTS_RELAY: 'true', NATS_URL: TEST_NATS_URL!, NATS_STREAM: stream, NATS_SUBJECT_PREFIX: prefix, EVENTS_POLL_MS: '50' } });
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await t.close();
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
    await nc.close();
  });

  /** The stream's messages, once it holds `count` (polled: the relay works after the commit). */
  async function messagesOnceThere(count: number) {
    for (;;) {
      const info = await jsm.streams.info(stream).catch(() => undefined);
      if (info && info.state.messages >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { state } = await jsm.streams.info(stream);
    const messages = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) messages.push(await jsm.streams.getMessage(stream, { seq }));
    return messages.map((message) => ({ subject: message!.subject, id: message!.header.get('Nats-Msg-Id'), seq: Number(message!.header.get('Tenantry-Tenant-Seq')), body: message!.json<{ type: string; tenantId: string }>() }));
  }

  it('publishes each committed event once, in its tenant order, on tenantry.events.<tenant>.<type>', async () => {
    const removal = 'mutation($t: UUID!, $u: UUID!, $d: Boolean) { removeUserFromTenant(tenantId: $t, userId: $u, dryRun: $d) { message } }';
    const tenants = [];
    for (let i = 0; i < 2; i++) {
      const owner = await buildUser(t.prisma);
      const tenant = await buildTenant(t.prisma, { owner });
      const members = await Promise.all([buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma)]);
      for (const member of members) await addMember(t.prisma, tenant, member);
      tenants.push({ tenant, owner: await tokenFor(owner), members });
    }
    for (const { tenant, owner, members } of tenants) {
      // A preview and a refusal write nothing, so they publish nothing.
      expect((await t.http.graphql(removal, { t: tenant.id, u: members[0].id, d: true }, owner)).body.errors).toBeUndefined();
      expect((await t.http.graphql(removal, { t: tenant.id, u: tenant.ownerId }, owner)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      for (const member of members) expect((await t.http.graphql(removal, { t: tenant.id, u: member.id }, owner)).body.errors).toBeUndefined();
    }
    const events = await t.prisma.auditEvent.findMany({ where: { tenantId: { in: tenants.map(({ tenant }) => tenant.id) }, tenantSeq: { not: null } }, orderBy: [{ tenantId: 'asc' }, { tenantSeq: 'asc' }] });
    expect(events).toHaveLength(6);
    const published = await messagesOnceThere(events.length);
    expect(published).toHaveLength(events.length);
    for (const { tenant } of tenants) {
      const expected = events.filter((event) => event.tenantId === tenant.id);
      const got = published.filter((message) => message.body.tenantId === tenant.id);
      expect(got.map((message) => [message.id, message.seq, message.subject])).toEqual(
        expected.map((event) => [event.id, Number(event.tenantSeq), `${prefix}.${tenant.id}.${event.action}`]),
      );
    }
  });
});
