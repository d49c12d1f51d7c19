import type { PrismaClient } from '../../db/client.ts';
import type { WebhookSettings } from '../../config.ts';
import type { TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { MAX_ATTEMPTS } from '../webhooks/schedule.ts';
import { ATTEMPT_TIMEOUT_MS, type Attempt } from '../webhooks/send.ts';
import { attemptDelivery, delayAfter, logRecord } from './attempt.ts';
import { BATCH, type Claim, type EndpointTarget } from './claim.ts';
import type { EventSink } from './sink.ts';
import { dueRedeliveries, LEASE_MS, moveCursor, releaseClaim, settleRedelivery, type AttemptRecord, type CursorMove, type DeadLetter } from './store.ts';

/** Redeliveries per claim: three 15 s attempts fit in the lease; the stream renews it first. */
const REDELIVERIES_PER_CLAIM = 3;
/** A batch renews its lease (moving the cursor that far) before an attempt once this much of it
 * has gone: the attempt, at most ATTEMPT_TIMEOUT_MS, then ends well within the lease. */
const RENEW_AFTER_MS = LEASE_MS - 3 * ATTEMPT_TIMEOUT_MS;

export interface RelayMetrics {
  delivered(destination: string): void;
  failed(destination: string): void;
  dead(destination: string): void;
  /** Seconds from the event's occurredAt (its transaction's start) to its delivery. */
  lag(destination: string, seconds: number): void;
}

export interface DeliverContext {
  prisma: PrismaClient;
  sinks: ReadonlyMap<string, EventSink>;
  webhooks: WebhookSettings;
  metrics?: RelayMetrics;
  signal: AbortSignal;
  /** The relay is stopping: no new attempt starts. */
  stopped(): boolean;
  /** An attempt was made at the endpoint (its log grows by one row). */
  logged(endpointId: string): void;
}

/** One claim: queued redeliveries first (endpoints), then the claim's batch from the cursor on,
 * in order, until the batch ends, an event must wait for a retry, or the claim is lost. The
 * batch's cursor move, delivery log and dead letters are written once, when it ends (and at a
 * lease renewal): a relay that dies mid-batch leaves the cursor where the claim found it, and
 * whoever claims next sends the batch's events again, each under its own webhook-id. */
export async function deliverClaim(ctx: DeliverContext, claim: Claim): Promise<void> {
  const { prisma } = ctx;
  const endpoint = claim.endpoint ?? undefined;
  if (endpoint && claim.replayDue && !(await redeliver(ctx, claim, endpoint))) return releaseClaim(prisma, claim);
  if (!claim.streamDue) return releaseClaim(prisma, claim);
  const batch = new Batch(ctx, claim);
  const metric = endpoint ? 'webhook' : claim.destination;
  let attempts = claim.attempts;
  for (const event of claim.events) {
    if (ctx.stopped()) return batch.stop(attempts);
    if (!(await batch.renewIfDue(attempts))) return;
    const attempt = await attemptAt(ctx, claim, endpoint, event);
    // Cut short by close(): not the receiver's failure; whoever claims next sends it again.
    if (ctx.stopped() && attempt.outcome.kind !== 'delivered') return batch.stop(attempts);
    if (endpoint) batch.log.push(logRecord(endpoint.id, event, attempts + 1, attempt));
    const { outcome } = attempt;
    if (outcome.kind === 'delivered') {
      ctx.metrics?.delivered(metric);
      ctx.metrics?.lag(metric, (Date.now() - event.occurredAt.getTime()) / 1000);
      batch.done = event.sequence;
      attempts = 0;
      continue;
    }
    ctx.metrics?.failed(metric);
    const failed = attempts + 1;
    if (outcome.kind === 'gone' && endpoint) {
      await batch.end({ lastSeq: event.sequence - 1, attempts: failed, delayMs: 0, lastError: outcome.error, gone: endpoint.id });
      return;
    }
    if (endpoint && failed >= MAX_ATTEMPTS) {
      // Dead for this endpoint: the cursor moves on, so one event cannot hold the tenant back.
      ctx.metrics?.dead(metric);
      batch.dead.push({ endpointId: endpoint.id, event, attempts: failed, error: outcome.error });
      batch.done = event.sequence;
      attempts = 0;
      continue;
    }
    const delayMs = delayAfter(failed, outcome, ctx.webhooks.retryScale, !endpoint);
    await batch.end({ lastSeq: event.sequence - 1, attempts: failed, delayMs, lastError: outcome.error });
    return;
  }
  // Everything up to the claim's horizon is done (events of other types included).
  const lastSeq = claim.events.length < BATCH ? claim.upTo : claim.events.at(-1)!.sequence;
  await batch.end({ lastSeq, attempts: 0, delayMs: 0, lastError: null });
}

/** What a batch has done since its cursor last moved, written in one statement. */
class Batch {
  log: AttemptRecord[] = [];
  dead: DeadLetter[] = [];
  /** The last event settled (delivered or dead). */
  done: number;
  private renewedAt = Date.now();

  constructor(
    private readonly ctx: DeliverContext,
    private readonly claim: Claim,
  ) {
    this.done = claim.lastSeq;
  }

  /** Gives the claim up with the cursor moved as far as the batch got. */
  end(move: Omit<CursorMove, 'release' | 'log' | 'dead'>): Promise<boolean> {
    return moveCursor(this.ctx.prisma, this.claim, { ...move, release: true, log: this.log, dead: this.dead });
  }

  /** Stopping: what was settled is written; the rest is left to whoever claims next. */
  async stop(attempts: number): Promise<void> {
    if (this.done === this.claim.lastSeq && !this.log.length) return releaseClaim(this.ctx.prisma, this.claim);
    await this.end({ lastSeq: this.done, attempts, delayMs: 0, lastError: null });
  }

  /** Renews the lease once RENEW_AFTER_MS of it has gone, writing what was settled so far.
   * False when the claim is no longer ours. */
  async renewIfDue(attempts: number): Promise<boolean> {
    if (Date.now() - this.renewedAt < RENEW_AFTER_MS) return true;
    const settled = this.done > this.claim.lastSeq || this.dead.length > 0;
    const moved = await moveCursor(this.ctx.prisma, this.claim, {
      lastSeq: this.done,
      attempts,
      delayMs: 0,
      lastError: settled ? null : undefined,
      release: false,
      log: this.log,
      dead: this.dead,
    });
    this.log = [];
    this.dead = [];
    this.renewedAt = Date.now();
    return moved;
  }
}

/** Sends the queued redeliveries of the claim's (endpoint, tenant); false when the claim is
 * over (the endpoint answered 410, or the relay is stopping). */
async function redeliver(ctx: DeliverContext, claim: Claim, endpoint: EndpointTarget): Promise<boolean> {
  const { prisma } = ctx;
  for (const queued of await dueRedeliveries(prisma, claim, REDELIVERIES_PER_CLAIM)) {
    if (ctx.stopped()) return false;
    if (!queued.event) {
      await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: true }, null);
      continue;
    }
    const attempt = await attemptAt(ctx, claim, endpoint, queued.event);
    if (ctx.stopped() && attempt.outcome.kind !== 'delivered') return false;
    const record = logRecord(endpoint.id, queued.event, queued.attempts + 1, attempt);
    const { outcome } = attempt;
    if (outcome.kind === 'delivered') {
      ctx.metrics?.delivered('webhook');
      await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: true }, record);
      continue;
    }
    ctx.metrics?.failed('webhook');
    const failed = queued.attempts + 1;
    if (outcome.kind === 'gone') {
      await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: false, attempts: failed, delayMs: 0, error: outcome.error }, record, true);
      return false;
    }
    if (failed >= MAX_ATTEMPTS) ctx.metrics?.dead('webhook');
    const delayMs = failed >= MAX_ATTEMPTS ? null : delayAfter(failed, outcome, ctx.webhooks.retryScale, false);
    await settleRedelivery(prisma, endpoint.id, queued.eventId, { done: false, attempts: failed, delayMs, error: outcome.error }, record);
  }
  return true;
}

function attemptAt(ctx: DeliverContext, claim: Claim, endpoint: EndpointTarget | undefined, event: TenantEventRow): Promise<Attempt> {
  if (endpoint) ctx.logged(endpoint.id);
  const target = endpoint ? { endpoint } : { sink: ctx.sinks.get(claim.destination)! };
  return attemptDelivery(target, event, { webhooks: ctx.webhooks, signal: ctx.signal });
}
