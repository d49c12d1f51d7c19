import type { PrismaClient } from '../../db/client.ts';
import { onEventsCommitted } from '../../db/transaction.ts';
import type { WebhookSettings } from '../../config.ts';
import type { TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../webhooks/schedule.ts';
import { sendWebhook, type Attempt } from '../webhooks/send.ts';
import type { DeliveryOutcome, EventSink, OutboundEvent } from './sink.ts';
import {
  claimCursors,
  countPending,
  disableGoneEndpoint,
  dueRedeliveries,
  ensureSinkCursors,
  loadEndpoints,
  moveCursor,
  pruneDeliveryLog,
  readEvents,
  releaseClaim,
  settleRedelivery,
  type AttemptRecord,
  type Claim,
  type EndpointTarget,
} from './store.ts';

/** The relay: delivers every tenant's events, in tenant_seq order, to each webhook endpoint of
 * the tenant and to each global sink (JetStream), at least once. Runs in every service process;
 * any number of them share the work through the cursor rows (store.ts, docs/ARCHITECTURE.md §6):
 * claim (one statement, SKIP LOCKED, a lease) → read → deliver → move the cursor (one statement
 * per event, fenced by the claim). Tenants deliver in parallel, one tenant in order. */

export interface RelayMetrics {
  delivered(destination: string): void;
  failed(destination: string): void;
  dead(destination: string): void;
  /** Seconds from the event's occurredAt (its transaction's start) to its delivery. */
  lag(destination: string, seconds: number): void;
}

export interface RelayOptions {
  prisma: PrismaClient;
  /** Destinations other than webhook endpoints, one cursor per tenant each (by `name`). */
  sinks?: readonly EventSink[];
  pollMs: number;
  webhooks: WebhookSettings;
  metrics?: RelayMetrics;
  log: { warn(obj: unknown, msg: string): void };
  /** (destination, tenant) claims delivered at once. */
  concurrency?: number;
}

/** Events read per claim before the cursor is claimed again (others get a turn). */
const BATCH = 100;
/** Rows an endpoint's log may gain in one process between two prunes (store.ts, DELIVERY_LOG_KEPT). */
const PRUNE_EVERY = 100;
/** Wakes closer together than this share one claim: under a burst of commits the relay claims
 * a few hundred times a second at most, not once per commit. */
const CLAIM_INTERVAL_MS = 5;
/** Redeliveries per claim: they do not renew the lease, and three 15 s attempts fit in it. */
const REDELIVERIES_PER_CLAIM = 3;
/** A sink is ours to keep up (JetStream): it never dead-letters, and waits at most this long
 * (scaled) between attempts. */
const SINK_MAX_DELAY_MS = 60_000;

export class Relay {
  private readonly sinks: Map<string, EventSink>;
  private readonly concurrency: number;
  private readonly active = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private stopped = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private sinkCursorsCheckedAt = 0;
  private lastClaimAt = 0;
  private readonly loggedSincePrune = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: RelayOptions) {
    this.sinks = new Map((options.sinks ?? []).map((sink) => [sink.name, sink]));
    this.concurrency = options.concurrency ?? 8;
  }

  start(): void {
    if (this.loop) return;
    // A commit in this process wakes it at once; other processes' commits are found by polling.
    this.unsubscribe = onEventsCommitted(() => this.wake());
    this.loop = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Events waiting for an enabled destination (the pending gauge). */
  pending(): Promise<number> {
    return countPending(this.options.prisma, [...this.sinks.keys()]);
  }

  /** Stops claiming, aborts attempts in flight (they are retried, by whichever relay claims next),
   * gives its claims up, and closes the sinks. Before the database closes. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.abort.abort();
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.sinks.values()].map((sink) => sink.close()));
  }

  private async run(): Promise<void> {
    const sinkNames = [...this.sinks.keys()];
    while (!this.stopped) {
      this.woken = false;
      const free = this.concurrency - this.active.size;
      let claims: Claim[] = [];
      if (free > 0) {
        const since = Date.now() - this.lastClaimAt;
        if (since < CLAIM_INTERVAL_MS) await new Promise((resolve) => setTimeout(resolve, CLAIM_INTERVAL_MS - since));
        this.lastClaimAt = Date.now();
        try {
          // A scan of the tenants: at most once per poll, not on every wake.
          if (sinkNames.length && Date.now() - this.sinkCursorsCheckedAt >= this.options.pollMs) {
            await ensureSinkCursors(this.options.prisma, sinkNames);
            this.sinkCursorsCheckedAt = Date.now();
          }
          claims = await claimCursors(this.options.prisma, sinkNames, free);
        } catch (error) {
          if (!this.stopped) this.options.log.warn({ err: error }, 'event relay: claiming work failed');
        }
      }
      for (const claim of claims) {
        const work: Promise<void> = this.deliverClaim(claim)
          .catch((error: unknown) => {
            if (!this.stopped) this.options.log.warn({ err: error, destination: claim.destination, tenantId: claim.tenantId }, 'event relay: delivery failed');
            return releaseClaim(this.options.prisma, claim).catch(() => undefined);
          })
          .finally(() => {
            this.active.delete(work);
            this.wake();
          });
        this.active.add(work);
      }
      if (this.stopped) break;
      // All free slots filled: there may be more due; claim again once a slot frees.
      if (free > 0 && claims.length === free) continue;
      if (!this.woken) await this.sleep();
    }
    await Promise.allSettled([...this.active]);
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** One claim: queued redeliveries first (endpoints), then the stream from the cursor on, in
   * order, until the batch ends, an event must wait for a retry, or the claim is lost. */
  private async deliverClaim(claim: Claim): Promise<void> {
    try {
      await this.deliverFromCursor(claim);
    } finally {
      if (claim.endpointId) await this.pruneLog(claim.endpointId);
    }
  }

  private async deliverFromCursor(claim: Claim): Promise<void> {
    const { prisma } = this.options;
    let endpoint: EndpointTarget | undefined;
    if (claim.endpointId) {
      endpoint = (await loadEndpoints(prisma, [claim.endpointId])).get(claim.endpointId);
      if (!endpoint) return releaseClaim(prisma, claim); // turned off or deleted since the claim
      if (!(await this.redeliver(claim, endpoint))) return releaseClaim(prisma, claim);
    }
    if (!claim.streamDue) return releaseClaim(prisma, claim);
    const destination = claim.destination;
    const events = await readEvents(prisma, claim, claim.lastSeq, endpoint?.eventTypes ?? null, BATCH);
    let attempts = claim.attempts;
    for (const event of events) {
      if (this.stopped) return releaseClaim(prisma, claim);
      const attempt = await this.attempt(destination, endpoint, event);
      // Cut short by close(): not the receiver's failure; whoever claims next sends it again.
      if (this.stopped && attempt.outcome.kind !== 'delivered') return releaseClaim(prisma, claim);
      const record = endpoint ? logRecord(endpoint.id, event, attempts + 1, attempt) : null;
      const { outcome } = attempt;
      if (outcome.kind === 'delivered') {
        this.options.metrics?.delivered(metricName(endpoint, destination));
        this.options.metrics?.lag(metricName(endpoint, destination), (Date.now() - event.occurredAt.getTime()) / 1000);
        if (!(await moveCursor(prisma, claim, { lastSeq: event.sequence, attempts: 0, delayMs: 0, lastError: null, release: false }, record))) return;
        attempts = 0;
        continue;
      }
      this.options.metrics?.failed(metricName(endpoint, destination));
      if (outcome.kind === 'gone' && endpoint) {
        await disableGoneEndpoint(prisma, endpoint.id, record!);
        await moveCursor(prisma, claim, { lastSeq: event.sequence - 1, attempts: attempts + 1, delayMs: 0, lastError: outcome.error, release: true }, null);
        return;
      }
      const failed = attempts + 1;
      if (endpoint && failed >= MAX_ATTEMPTS) {
        // Dead for this endpoint: the cursor moves on, so one event cannot hold the tenant back.
        this.options.metrics?.dead(metricName(endpoint, destination));
        const dead = { endpointId: endpoint.id, event, attempts: failed, error: outcome.error };
        if (!(await moveCursor(prisma, claim, { lastSeq: event.sequence, attempts: 0, delayMs: 0, lastError: outcome.error, release: false, dead }, record))) return;
        attempts = 0;
        continue;
      }
      const delayMs = this.delayAfter(failed, outcome, !endpoint);
      await moveCursor(prisma, claim, { lastSeq: event.sequence - 1, attempts: failed, delayMs, lastError: outcome.error, release: true }, record);
      return;
    }
    // Everything up to the claim's horizon is done (events of other types included).
    const lastSeq = events.length < BATCH ? claim.upTo : events.at(-1)!.sequence;
    await moveCursor(prisma, claim, { lastSeq, attempts: 0, delayMs: 0, lastError: null, release: true }, null);
  }

  /** Trims the endpoint's log once this process has added PRUNE_EVERY rows to it (not after every
   * claim: a DELETE per delivered event would cost the database as much as the delivery). */
  private async pruneLog(endpointId: string): Promise<void> {
    if ((this.loggedSincePrune.get(endpointId) ?? 0) < PRUNE_EVERY) return;
    this.loggedSincePrune.delete(endpointId);
    await pruneDeliveryLog(this.options.prisma, endpointId);
  }

  /** Sends the queued redeliveries of the claim's (endpoint, tenant); false when the claim is
   * over (the endpoint answered 410, or the relay is stopping). */
  private async redeliver(claim: Claim, endpoint: EndpointTarget): Promise<boolean> {
    const { prisma } = this.options;
    for (const queued of await dueRedeliveries(prisma, claim, REDELIVERIES_PER_CLAIM)) {
      if (this.stopped) return false;
      if (!queued.event) {
        await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: true }, null);
        continue;
      }
      const attempt = await this.attempt(claim.destination, endpoint, queued.event);
      if (this.stopped && attempt.outcome.kind !== 'delivered') return false;
      const record = logRecord(endpoint.id, queued.event, queued.attempts + 1, attempt);
      const { outcome } = attempt;
      if (outcome.kind === 'delivered') {
        this.options.metrics?.delivered('webhook');
        await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: true }, record);
        continue;
      }
      this.options.metrics?.failed('webhook');
      if (outcome.kind === 'gone') {
        await disableGoneEndpoint(prisma, endpoint.id, record);
        await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: false, attempts: queued.attempts + 1, delayMs: 0, error: outcome.error }, null);
        return false;
      }
      const failed = queued.attempts + 1;
      if (failed >= MAX_ATTEMPTS) this.options.metrics?.dead('webhook');
      const delayMs = failed >= MAX_ATTEMPTS ? null : this.delayAfter(failed, outcome, false);
      await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: false, attempts: failed, delayMs, error: outcome.error }, record);
    }
    return true;
  }

  private delayAfter(failed: number, outcome: DeliveryOutcome, sink: boolean): number {
    const { retryScale } = this.options.webhooks;
    const retryAfterMs = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
    const delay = retryDelayMs(Math.min(failed, MAX_ATTEMPTS - 1), retryScale, retryAfterMs);
    return sink ? Math.min(delay, SINK_MAX_DELAY_MS * retryScale) : delay;
  }

  private async attempt(destination: string, endpoint: EndpointTarget | undefined, event: TenantEventRow): Promise<Attempt> {
    const outbound = toOutbound(event);
    if (endpoint) this.loggedSincePrune.set(endpoint.id, (this.loggedSincePrune.get(endpoint.id) ?? 0) + 1);
    if (endpoint) return sendWebhook(endpoint, outbound, { allowPrivateTargets: this.options.webhooks.allowPrivateTargets, signal: this.abort.signal });
    const started = performance.now();
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.sinks.get(destination)!.deliver(outbound);
    } catch (error) {
      outcome = { kind: 'retry', error: (error as Error).message };
    }
    // A sink is not a tenant's to turn off: `gone` is retried like any failure.
    if (outcome.kind === 'gone') outcome = { kind: 'retry', error: outcome.error };
    return { outcome, statusCode: null, latencyMs: Math.round(performance.now() - started) };
  }
}

/** An event as every destination receives it: `data` is the event as the pull API presents it. */
export function toOutbound(event: TenantEventRow): OutboundEvent {
  return {
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    data: {
      id: event.id,
      type: event.type,
      tenantId: event.tenantId,
      sequence: event.sequence,
      occurredAt: event.occurredAt.toISOString(),
      actorId: event.actorId,
      targetUserId: event.targetUserId,
      batchId: event.batchId,
      data: event.data,
    },
  };
}

function logRecord(endpointId: string, event: TenantEventRow, attempt: number, result: Attempt): AttemptRecord {
  const error = result.outcome.kind === 'delivered' ? null : result.outcome.error;
  return { endpointId, event, attempt, statusCode: result.statusCode, error, latencyMs: result.latencyMs };
}

function metricName(endpoint: EndpointTarget | undefined, destination: string): string {
  return endpoint ? 'webhook' : destination;
}
