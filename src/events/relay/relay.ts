import type { PrismaClient } from '../../db/client.ts';
import { onEventsCommitted } from '../../db/transaction.ts';
import type { WebhookSettings } from '../../config.ts';
import { claimCursors, ensureSinkCursors, type Claim } from './claim.ts';
import { deliverClaim, type DeliverContext, type RelayMetrics } from './deliver.ts';
import type { EventSink } from './sink.ts';
import { anyEnabledEndpoint, countPending, pruneDeliveryLog, releaseClaim } from './store.ts';

export type { RelayMetrics } from './deliver.ts';

/** The relay: delivers every tenant's events, in tenant_seq order, to each webhook endpoint of
 * the tenant and to each global sink (JetStream), at least once. Runs in every service process;
 * any number of them share the work through the cursor rows (docs/ARCHITECTURE.md §6): claim
 * (claim.ts: one statement claims, SKIP LOCKED, a lease, and reads each claim's endpoint and
 * batch) → deliver (deliver.ts: in order, then one statement moves the cursor, fenced by the
 * claim). This file is the loop: when to claim, and how many claims run at once. Tenants
 * deliver in parallel, one tenant in order. */

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

/** Rows an endpoint's log may gain in one process between two prunes (store.ts, DELIVERY_LOG_KEPT). */
const PRUNE_EVERY = 100;
/** Wakes closer together than this share one claim: under a burst of commits the relay claims
 * a few hundred times a second at most, not once per commit. */
const CLAIM_INTERVAL_MS = 5;

export class Relay {
  private readonly sinks: Map<string, EventSink>;
  private readonly concurrency: number;
  private readonly active = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly deliver: DeliverContext;
  private stopped = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private sinkCursorsCheckedAt = 0;
  /** Until then, nowhere to deliver was found (no sink, no enabled endpoint): a commit's wake
   * would claim nothing, so it costs no statement; the poll still looks, and a destination
   * created or enabled in this process ends the quiet at once. */
  private quietUntil = 0;
  private destinationsCheckedAt = 0;
  private lastClaimAt = 0;
  private readonly loggedSincePrune = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: RelayOptions) {
    this.sinks = new Map((options.sinks ?? []).map((sink) => [sink.name, sink]));
    this.concurrency = options.concurrency ?? 8;
    this.deliver = {
      prisma: options.prisma,
      sinks: this.sinks,
      webhooks: options.webhooks,
      metrics: options.metrics,
      signal: this.abort.signal,
      stopped: () => this.stopped,
      logged: (endpointId) => this.loggedSincePrune.set(endpointId, (this.loggedSincePrune.get(endpointId) ?? 0) + 1),
    };
  }

  start(): void {
    if (this.loop) return;
    // A commit in this process wakes it at once; other processes' commits are found by polling.
    this.unsubscribe = onEventsCommitted(({ destinationsChanged }) => {
      if (destinationsChanged) this.quietUntil = 0;
      if (Date.now() >= this.quietUntil) this.wake();
    });
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
   * writes what its batches settled, gives its claims up, and closes the sinks. Before the
   * database closes. */
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
          if (!claims.length && !sinkNames.length && !this.active.size && Date.now() - this.destinationsCheckedAt >= this.options.pollMs) {
            this.destinationsCheckedAt = Date.now();
            if (!(await anyEnabledEndpoint(this.options.prisma))) this.quietUntil = Date.now() + this.options.pollMs;
          }
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

  private async deliverClaim(claim: Claim): Promise<void> {
    try {
      await deliverClaim(this.deliver, claim);
    } finally {
      if (claim.endpointId) await this.pruneLog(claim.endpointId);
    }
  }

  /** Trims the endpoint's log once this process has added PRUNE_EVERY rows to it (not after every
   * claim: a DELETE per delivered event would cost the database as much as the delivery). */
  private async pruneLog(endpointId: string): Promise<void> {
    if ((this.loggedSincePrune.get(endpointId) ?? 0) < PRUNE_EVERY) return;
    this.loggedSincePrune.delete(endpointId);
    await pruneDeliveryLog(this.options.prisma, endpointId);
  }
}
