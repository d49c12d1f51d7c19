import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager, StorageType, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { ConfigError, loadConfig, type NatsSettings } from '../../src/config.ts';
import { DUPLICATE_WINDOW_MS, openJetStreamSink } from '../../src/events/nats/jetstream-sink.ts';
import type { EventSink, OutboundEvent } from '../../src/events/relay/sink.ts';
import { describeWithNats, TEST_NATS_URL } from '../helpers/nats.ts';

// The JetStream sink against a real nats-server: every test has its own stream and subject
// prefix, and reads back what the stream holds (messages counted, never timed).

describeWithNats('the JetStream sink', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let settings: NatsSettings;
  const sinks: EventSink[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nc);
  });
  afterAll(() => nc.close());

  beforeEach(() => {
    const tag = randomBytes(6).toString('hex');
    settings = { url: TEST_NATS_URL!, stream: `TENANTRY_TEST_${tag}`, subjectPrefix: `tenantry.test_${tag}.events` };
  });
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((sink) => sink.close()));
    await jsm.streams.delete(settings.stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
  });

  async function open(): Promise<EventSink> {
    const sink = await openJetStreamSink(settings);
    sinks.push(sink);
    return sink;
  }

  function event(tenantId: string, sequence: number, type = 'tenant.user_removed'): OutboundEvent {
    return { id: randomUUID(), type, tenantId, sequence, occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, sequence)), data: { revokedRoleCount: sequence } };
  }

  /** Every message of the stream on one tenant's subjects, in stream order. */
  async function stored(tenantId: string): Promise<StoredMsg[]> {
    const { state } = await jsm.streams.info(settings.stream);
    const messages: StoredMsg[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(settings.stream, { seq });
      if (message?.subject.startsWith(`${settings.subjectPrefix}.${tenantId}.`)) messages.push(message);
    }
    return messages;
  }

  const tenantSeqs = (messages: StoredMsg[]) => messages.map((message) => Number(message.header.get('Tenantry-Tenant-Seq')));
  const ids = (messages: StoredMsg[]) => messages.map((message) => message.header.get('Nats-Msg-Id'));

  /** Returns once every message id published so far has left the stream's duplicate window: a
   * probe id published now is published again until the stream no longer calls it a duplicate. */
  async function pastDuplicateWindow(): Promise<void> {
    const js = jetstream(nc);
    const subject = `${settings.subjectPrefix}.probe`;
    const msgID = randomUUID();
    expect((await js.publish(subject, '', { msgID })).duplicate).toBe(false);
    for (let attempt = 0; attempt < 3000; attempt++) {
      if (!(await js.publish(subject, '', { msgID })).duplicate) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the probe id stayed a duplicate for 3000 attempts');
  }

  /** The stream made beforehand with the shortest duplicate window the server takes (100 ms), so a
   * test can go past it. */
  async function streamWithShortWindow(): Promise<void> {
    await jsm.streams.add({ name: settings.stream, subjects: [`${settings.subjectPrefix}.>`], storage: StorageType.Memory, duplicate_window: nanos(100) });
  }

  it('creates the stream and publishes an event to <prefix>.<tenantId>.<type> with its id as Nats-Msg-Id and the pull API’s body', async () => {
    const sink = await open();
    const { config } = await jsm.streams.info(settings.stream);
    expect(config).toMatchObject({ subjects: [`${settings.subjectPrefix}.>`], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });

    const tenantId = randomUUID();
    const removed = event(tenantId, 1, 'tenant.user_removed');
    await expect(sink.deliver(removed)).resolves.toEqual({ kind: 'delivered' });

    const [message, ...rest] = await stored(tenantId);
    expect(rest).toHaveLength(0);
    expect(message.subject).toBe(`${settings.subjectPrefix}.${tenantId}.tenant.user_removed`);
    expect(message.header.get('Nats-Msg-Id')).toBe(removed.id);
    expect(message.header.get('Tenantry-Tenant-Seq')).toBe('1');
    expect(message.json()).toEqual({ id: removed.id, type: 'tenant.user_removed', tenantId, sequence: 1, occurredAt: '2026-01-02T03:04:01.000Z', data: { revokedRoleCount: 1 } });
  });

  it('stores an event delivered twice once', async () => {
    const sink = await open();
    const tenantId = randomUUID();
    const first = event(tenantId, 1);
    await expect(sink.deliver(first)).resolves.toEqual({ kind: 'delivered' });
    await expect(sink.deliver(first)).resolves.toEqual({ kind: 'delivered' });
    // A second process sending it again, with nothing remembered, stores no copy either.
    await expect((await open()).deliver(first)).resolves.toEqual({ kind: 'delivered' });
    expect(ids(await stored(tenantId))).toEqual([first.id]);
  });

  it('lets a restarted relay re-send its last events past the duplicate window: one copy each, in order', async () => {
    await streamWithShortWindow();
    const [a, b] = [randomUUID(), randomUUID()];
    const eventsOfA = [
      event(a, 1, 'tenant.user_added'),
      event(a, 2, 'role.user_added'),
      event(a, 3, 'tenant.user_added'),
      event(a, 4, 'tenant.user_added'),
      event(a, 5, 'tenant.user_removed'),
    ];
    const eventsOfB = [event(b, 1, 'tenant.user_added'), event(b, 2, 'tenant.user_added'), event(b, 3, 'tenant.user_removed')];
    const before = await open();
    for (const each of [eventsOfA[0], eventsOfB[0], eventsOfA[1], eventsOfA[2], eventsOfB[1]]) {
      await expect(before.deliver(each)).resolves.toEqual({ kind: 'delivered' });
    }
    await pastDuplicateWindow();

    // The new process remembers nothing and re-sends from its cursor, then carries on.
    const after = await open();
    for (const each of [eventsOfA[1], eventsOfA[2], eventsOfB[0], eventsOfB[1], eventsOfA[3], eventsOfA[4], eventsOfB[2]]) {
      await expect(after.deliver(each)).resolves.toEqual({ kind: 'delivered' });
    }
    await pastDuplicateWindow();

    // The old process, which last saw a's 3 and b's 2, sends what followed again: a's 4 on a
    // subject it remembers (the server refuses its outdated expectation), b's 3 on one it never saw.
    for (const each of [...eventsOfA.slice(2), eventsOfB[2]]) {
      await expect(before.deliver(each)).resolves.toEqual({ kind: 'delivered' });
    }

    const storedA = await stored(a);
    expect(ids(storedA)).toEqual(eventsOfA.map((each) => each.id));
    expect(tenantSeqs(storedA)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(await stored(b))).toEqual(eventsOfB.map((each) => each.id));
  });

  it('continues a tenant another process has moved on, after what that process published', async () => {
    const tenantId = randomUUID();
    const one = await open();
    const other = await open();
    const sequence = [event(tenantId, 1, 'role.user_added'), event(tenantId, 2, 'role.user_removed'), event(tenantId, 3, 'role.user_added'), event(tenantId, 4, 'role.user_added')];
    await expect(one.deliver(sequence[0])).resolves.toEqual({ kind: 'delivered' });
    await expect(one.deliver(sequence[1])).resolves.toEqual({ kind: 'delivered' });
    await expect(other.deliver(sequence[2])).resolves.toEqual({ kind: 'delivered' });
    await expect(one.deliver(sequence[3])).resolves.toEqual({ kind: 'delivered' });
    expect(tenantSeqs(await stored(tenantId))).toEqual([1, 2, 3, 4]);
  });

  it('refuses an event whose predecessor is not in the stream, and publishes nothing until it is', async () => {
    const tenantId = randomUUID();
    const sink = await open();
    const [first, second, third] = [event(tenantId, 1), event(tenantId, 2), event(tenantId, 3)];
    await expect(sink.deliver(first)).resolves.toEqual({ kind: 'delivered' });

    const skipping = await sink.deliver(third);
    expect(skipping).toMatchObject({ kind: 'retry', error: expect.stringMatching(/out of order.* up to 1; 2 must come before 3/) });
    // A process that remembers nothing reads the same from the stream.
    await expect((await open()).deliver(third)).resolves.toMatchObject({ kind: 'retry' });
    expect(ids(await stored(tenantId))).toEqual([first.id]);

    await expect(sink.deliver(second)).resolves.toEqual({ kind: 'delivered' });
    await expect(sink.deliver(third)).resolves.toEqual({ kind: 'delivered' });
    expect(tenantSeqs(await stored(tenantId))).toEqual([1, 2, 3]);
  });
});

describe('the JetStream sink with no NATS server to reach', () => {
  async function unreachable(): Promise<EventSink> {
    return openJetStreamSink({ url: `nats://127.0.0.1:${await closedPort()}`, stream: 'TENANTRY_EVENTS', subjectPrefix: 'tenantry.events' });
  }

  it('opens, answers retry without throwing, and closes', async () => {
    const sink = await unreachable();
    const outcome = await sink.deliver({ id: randomUUID(), type: 'tenant.user_removed', tenantId: randomUUID(), sequence: 1, occurredAt: new Date(), data: {} });
    expect(outcome).toMatchObject({ kind: 'retry', error: expect.stringMatching(/^NATS JetStream: /) });
    await expect(sink.close()).resolves.toBeUndefined();
    await expect(sink.deliver({ id: randomUUID(), type: 'tenant.user_removed', tenantId: randomUUID(), sequence: 1, occurredAt: new Date(), data: {} })).resolves.toEqual({
      kind: 'retry',
      error: 'the JetStream sink is closed',
    });
  });

  it('gives up on an event whose type cannot be a subject token', async () => {
    const sink = await unreachable();
    for (const type of ['tenant.user removed', 'tenant.*', 'tenant..user_removed', 'tenant.>']) {
      await expect(sink.deliver({ id: randomUUID(), type, tenantId: randomUUID(), sequence: 1, occurredAt: new Date(), data: {} })).resolves.toMatchObject({ kind: 'gone' });
    }
    await sink.close();
  });
});

describe('NATS configuration', () => {
  it('is off without NATS_URL, and on with it, with the default stream and subjects', () => {
    expect(loadConfig({}).nats).toBeUndefined();
    expect(loadConfig({ NATS_URL: 'nats://127.0.0.1:4222' }).nats).toEqual({ url: 'nats://127.0.0.1:4222', stream: 'TENANTRY_EVENTS', subjectPrefix: 'tenantry.events' });
    expect(loadConfig({ NATS_URL: 'nats://a:4222, tls://b:4222', NATS_STREAM: 'EVENTS', NATS_SUBJECT_PREFIX: 'acme.tenantry' }).nats).toEqual({
      url: 'nats://a:4222, tls://b:4222',
      stream: 'EVENTS',
      subjectPrefix: 'acme.tenantry',
    });
  });

  it.each([
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['NATS_STREAM', 'tenantry.events'],
    ['NATS_SUBJECT_PREFIX', 'tenantry.>'],
    ['NATS_SUBJECT_PREFIX', 'tenantry..events'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ NATS_URL: 'nats://127.0.0.1:4222', [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NATS_URL: 'nats://127.0.0.1:4222', [name]: value })).toThrow(name);
  });
});

/** A loopback port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
