import { JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager, StorageType, type JetStreamClient, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { NatsSettings } from '../../config.ts';
import type { DeliveryOutcome, EventSink, OutboundEvent } from '../relay/sink.ts';
import { eventBody, eventSubject, TENANT_SEQ_HEADER, tenantSubjects } from './message.ts';

/** How long the stream remembers a Nats-Msg-Id. Correctness does not rest on it (a re-sent event
 * is recognised from the stream's last message on its subjects, at any age): it only closes the
 * race of two publishers of one event. NATS's own default. */
export const DUPLICATE_WINDOW_MS = 120_000;

/** A publish or stream request slower than this is a failed delivery, retried by the relay. */
const REQUEST_TIMEOUT_MS = 5_000;

/** Past this many tenants (or subjects) the remembered positions are dropped: they are a cache of
 * what the stream says, and are read again on demand. */
const MEMORY_LIMIT = 100_000;

export interface JetStreamSinkLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Opens the sink for `settings` (config.nats). Never rejects for NATS being unreachable: the
 * connection and the stream are (re)tried on each delivery until they work, and every delivery
 * until then answers `retry`. */
export async function openJetStreamSink(settings: NatsSettings, options: { log?: JetStreamSinkLog } = {}): Promise<EventSink> {
  const sink = new JetStreamSink(settings, options.log);
  await sink.link().catch((error: unknown) => options.log?.warn(`NATS JetStream not reachable yet (${messageOf(error)}); deliveries retry until it is`));
  return sink;
}

interface Link {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** What the stream holds last for a tenant: its event number and the event id. */
interface Position {
  sequence: number;
  id: string | undefined;
}

/**
 * Publishes each event to `<prefix>.<tenantId>.<type>` in the order the relay hands them over
 * (tenant_seq order, one tenant at a time), exactly once in the stream.
 *
 * Order: an event numbered n is published only when the stream's last message of its tenant
 * carries n − 1 (or the tenant has none yet: its messages start where the relay starts). Once
 * the stream holds n or more for the tenant, n is there already (by that same rule) and is
 * reported delivered without a second copy, whatever the age of the first: this is what makes a
 * relay that re-sends from its cursor after a crash harmless, beyond the duplicate window too.
 *
 * Atomicity: each publish expects the subject's last stream sequence the sink last saw
 * (Nats-Expected-Last-Subject-Sequence). If another process published there since, the server
 * refuses, and the sink reads the stream again and decides anew. Nats-Msg-Id (the event id) lets
 * the stream drop a copy sent twice at once. nats-server 2.9 has no expectation on a wildcard
 * subject, so the tenant-wide check is a read: it relies on the relay's claim per (destination,
 * tenant) to keep two processes from publishing one tenant's next events at the same moment.
 */
class JetStreamSink implements EventSink {
  readonly name = 'nats-jetstream';
  private linking: Promise<Link> | null = null;
  private streamReady = false;
  private closed = false;
  /** Per tenant, the last event number known to be in the stream. */
  private readonly tenantSeq = new Map<string, number>();
  /** Per subject, the stream sequence of its last message as this process last saw it. */
  private readonly subjectSeq = new Map<string, number>();

  constructor(
    private readonly settings: NatsSettings,
    private readonly log: JetStreamSinkLog | undefined,
  ) {}

  async deliver(event: OutboundEvent): Promise<DeliveryOutcome> {
    const subject = eventSubject(this.settings.subjectPrefix, event);
    if (!subject) return { kind: 'gone', error: `event type ${JSON.stringify(event.type)} cannot be a NATS subject token` };
    if (this.closed) return { kind: 'retry', error: 'the JetStream sink is closed' };
    try {
      return await this.place(await this.link(), event, subject, true);
    } catch (error) {
      // The stream may have been deleted or the server replaced: check both again next time.
      this.streamReady = false;
      this.forget(event.tenantId, subject);
      return { kind: 'retry', error: `NATS JetStream: ${messageOf(error)}` };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const linking = this.linking;
    this.linking = null;
    const link = await linking?.catch(() => null);
    if (link && !link.nc.isClosed()) await link.nc.drain().catch(() => link.nc.close());
  }

  /** The connection, opened on first need; the client reconnects by itself from then on. */
  async link(): Promise<Link> {
    if (this.closed) throw new Error('the JetStream sink is closed');
    if (this.linking) {
      const link = await this.linking;
      if (link.nc.isClosed()) this.linking = null;
    }
    this.linking ??= this.connect();
    const link = await this.linking;
    if (!this.streamReady) await this.ensureStream(link);
    return link;
  }

  private connect(): Promise<Link> {
    const attempt = (async () => {
      const nc = await connect({
        servers: this.settings.url.split(',').map((url) => url.trim()),
        name: 'tenantry-events',
        timeout: REQUEST_TIMEOUT_MS,
        // Once connected, never give up: an outage costs retries, not a restart.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1_000,
        reconnectJitter: 500,
        pingInterval: 20_000,
      });
      this.watch(nc).catch((error: unknown) => this.log?.warn(`NATS status: ${messageOf(error)}`));
      return { nc, js: jetstream(nc, { timeout: REQUEST_TIMEOUT_MS }), jsm: await jetstreamManager(nc, { timeout: REQUEST_TIMEOUT_MS, checkAPI: false }) };
    })();
    // A failed attempt is forgotten, so the next delivery tries again.
    attempt.catch(() => {
      if (this.linking === attempt) this.linking = null;
    });
    return attempt;
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') this.log?.warn(`NATS ${status.type}: ${status.server}`);
    }
  }

  /** Creates the stream when it is missing; an existing one is kept as its operator set it, so
   * long as it captures our subjects. */
  private async ensureStream(link: Link): Promise<void> {
    const { stream, subjectPrefix } = this.settings;
    const subjects = `${subjectPrefix}.>`;
    try {
      const info = await link.jsm.streams.info(stream);
      if (!info.config.subjects?.includes(subjects)) throw new Error(`stream ${stream} exists but does not capture ${subjects}`);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
      await link.jsm.streams.add({ name: stream, subjects: [subjects], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
      this.log?.info(`NATS JetStream stream ${stream} created for ${subjects}`);
    }
    // A stream found anew may not be the one remembered positions came from.
    this.tenantSeq.clear();
    this.subjectSeq.clear();
    this.streamReady = true;
  }

  private async place(link: Link, event: OutboundEvent, subject: string, mayRetry: boolean): Promise<DeliveryOutcome> {
    const last = await this.tenantPosition(link, event);
    if (last) {
      const settled = alreadyThere(event, last);
      if (settled) return settled;
      if (last.sequence < event.sequence - 1) {
        return { kind: 'retry', error: `out of order: the stream holds tenant ${event.tenantId}'s events up to ${last.sequence}; ${event.sequence - 1} must come before ${event.sequence}` };
      }
    }
    let expected = this.subjectSeq.get(subject);
    if (expected === undefined) {
      // Read, not remembered: the tenant's position above may be this process's own, outdated.
      const message = await this.lastMessage(link, subject);
      const settled = message && alreadyThere(event, positionOf(message));
      if (settled) return settled;
      expected = message?.seq ?? 0;
    }
    const hdrs = headers();
    hdrs.set(TENANT_SEQ_HEADER, String(event.sequence));
    hdrs.set('Content-Type', 'application/json');
    try {
      const ack = await link.js.publish(subject, eventBody(event), { msgID: event.id, headers: hdrs, expect: { lastSubjectSequence: expected } });
      if (ack.duplicate) {
        // A copy published by someone else within the window: positions are theirs to know.
        this.forget(event.tenantId, subject);
      } else {
        this.remember(this.subjectSeq, subject, ack.seq);
        this.remember(this.tenantSeq, event.tenantId, event.sequence);
      }
      return { kind: 'delivered' };
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence)) throw error;
      // Another process published on this subject since we looked: read the stream and decide again.
      this.forget(event.tenantId, subject);
      if (mayRetry) return this.place(link, event, subject, false);
      return { kind: 'retry', error: `subject ${subject} moved while publishing (${error.message})` };
    }
  }

  /** The tenant's last event in the stream: remembered while it is the one just before `event`
   * (or later), else read from the stream, since another process may have moved it on. */
  private async tenantPosition(link: Link, event: OutboundEvent): Promise<Position | null> {
    const known = this.tenantSeq.get(event.tenantId);
    if (known !== undefined && known >= event.sequence - 1) return { sequence: known, id: undefined };
    const message = await this.lastMessage(link, tenantSubjects(this.settings.subjectPrefix, event.tenantId));
    if (!message) return null;
    const position = positionOf(message);
    this.remember(this.tenantSeq, event.tenantId, position.sequence);
    this.remember(this.subjectSeq, message.subject, message.seq);
    return position;
  }

  /** The stream's last message on `subject` (wildcards allowed), read from the stream's leader
   * (STREAM.MSG.GET, not a direct get a lagging replica could answer). */
  private lastMessage(link: Link, subject: string): Promise<StoredMsg | null> {
    return link.jsm.streams.getMessage(this.settings.stream, { last_by_subj: subject });
  }

  private remember(memory: Map<string, number>, key: string, value: number): void {
    if (memory.size >= MEMORY_LIMIT && !memory.has(key)) memory.clear();
    memory.set(key, value);
  }

  private forget(tenantId: string, subject: string): void {
    this.tenantSeq.delete(tenantId);
    this.subjectSeq.delete(subject);
  }
}

/** `delivered` when the stream's last message of the tenant (or of the event's subject) is this
 * event or a later one: a tenant's events enter the stream in order, so a later one means this
 * one is there. Null when the event is still to be published. */
function alreadyThere(event: OutboundEvent, last: Position): DeliveryOutcome | null {
  if (last.sequence < event.sequence) return null;
  if (last.sequence === event.sequence && last.id !== undefined && last.id !== event.id) {
    // Not ours to overwrite or skip: e.g. a database restored behind a stream that kept going.
    return { kind: 'retry', error: `the stream holds another event (${last.id}) numbered ${event.sequence} for tenant ${event.tenantId}` };
  }
  return { kind: 'delivered' };
}

function positionOf(message: StoredMsg): Position {
  const sequence = Number(message.header.get(TENANT_SEQ_HEADER));
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`message ${message.seq} on ${message.subject} has no valid ${TENANT_SEQ_HEADER} header`);
  return { sequence, id: message.header.get('Nats-Msg-Id') || undefined };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
