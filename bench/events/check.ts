import type { Arrival } from './receiver.ts';

/** The chaos run's verdict, from three records that do not depend on each other: the database's
 * committed events (audit_events with a tenant_seq), what the webhook receiver saw, and what the
 * JetStream stream holds. Pure: the test gives it a small run's records, the bench a big one's. */

export interface CommittedEvent {
  id: string;
  tenantId: string;
  sequence: number;
}

export interface StreamMessage {
  /** Nats-Msg-Id. */
  msgId: string;
  /** The tenant named by the subject. */
  tenantId: string;
  /** The Tenantry-Tenant-Seq header. */
  sequence: number;
}

export interface ChaosRecords {
  committed: readonly CommittedEvent[];
  /** Per tenant with an endpoint: the endpoint cursor's start (events after it are its to get). */
  endpointStart: ReadonlyMap<string, number>;
  arrivals: readonly Arrival[];
  /** Deliveries the receiver refused (bad signature, body not matching its path). */
  rejected: readonly string[];
  /** The stream's messages in stream order. */
  stream: readonly StreamMessage[];
}

export interface ChaosVerdict {
  committed: number;
  /** Committed events an endpoint was to be sent. */
  expectedAtReceiver: number;
  deliveries: number;
  answered500: number;
  /** Deliveries of an event the receiver had already seen (after a 500, or again after a 2xx). */
  duplicates: number;
  /** Of those, deliveries of an event already answered 2xx (a relay re-sending after a kill). */
  redeliveredAfterSuccess: number;
  streamMessages: number;
  /** Each kind of violation with how often it happened and a few examples. */
  violations: { kind: string; count: number; examples: string[] }[];
}

const EXAMPLES = 5;

export function checkChaos(records: ChaosRecords): ChaosVerdict {
  const problems = new Map<string, { count: number; examples: string[] }>();
  const violation = (kind: string, example: string) => {
    const entry = problems.get(kind) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(example);
    problems.set(kind, entry);
  };
  for (const rejected of records.rejected) violation('delivery refused by the receiver (signature or body)', rejected);

  const byId = new Map(records.committed.map((event) => [event.id, event]));
  const byTenant = new Map<string, CommittedEvent[]>();
  for (const event of records.committed) {
    const list = byTenant.get(event.tenantId) ?? [];
    list.push(event);
    byTenant.set(event.tenantId, list);
  }
  for (const list of byTenant.values()) list.sort((a, b) => a.sequence - b.sequence);
  for (const [tenantId, list] of byTenant) {
    list.forEach((event, index) => {
      if (event.sequence !== index + 1) violation('committed tenant_seq not 1…n (database)', `tenant ${tenantId}: #${index + 1} is ${event.sequence}`);
    });
  }

  // The receiver.
  const firstSeen = new Map<string, Arrival>(); // by webhook-id
  const bySequence = new Map<string, string>(); // `${tenant}:${seq}` → first webhook-id seen for it
  const succeeded = new Set<string>();
  const firstSeenOrder = new Map<string, number[]>();
  let duplicates = 0;
  let redeliveredAfterSuccess = 0;
  let answered500 = 0;
  for (const arrival of records.arrivals) {
    if (arrival.status >= 300) answered500++;
    if (arrival.webhookId !== arrival.eventId) violation('webhook-id differs from the event id', `${arrival.webhookId} carries event ${arrival.eventId}`);
    const committed = byId.get(arrival.webhookId);
    if (!committed) violation('delivered an event that is not committed (rolled back or invented)', `${arrival.webhookId} (tenant ${arrival.tenantId}, sequence ${arrival.sequence})`);
    else if (committed.tenantId !== arrival.tenantId || committed.sequence !== arrival.sequence) {
      violation('delivered event does not match the committed row', `${arrival.webhookId}: got ${arrival.tenantId}#${arrival.sequence}, committed ${committed.tenantId}#${committed.sequence}`);
    }
    const key = `${arrival.tenantId}:${arrival.sequence}`;
    const seenFor = bySequence.get(key);
    if (firstSeen.has(arrival.webhookId) || seenFor !== undefined) {
      duplicates++;
      if (succeeded.has(arrival.webhookId)) redeliveredAfterSuccess++;
      if (seenFor !== arrival.webhookId) violation('a duplicate delivery with a webhook-id not seen for that event', `${key}: first ${seenFor}, now ${arrival.webhookId}`);
    } else {
      firstSeen.set(arrival.webhookId, arrival);
      bySequence.set(key, arrival.webhookId);
      const order = firstSeenOrder.get(arrival.tenantId) ?? [];
      order.push(arrival.sequence);
      firstSeenOrder.set(arrival.tenantId, order);
    }
    if (arrival.status < 300) succeeded.add(arrival.webhookId);
  }
  let expectedAtReceiver = 0;
  for (const [tenantId, start] of records.endpointStart) {
    const due = (byTenant.get(tenantId) ?? []).filter((event) => event.sequence > start);
    expectedAtReceiver += due.length;
    for (const event of due) if (!succeeded.has(event.id)) violation('committed event never delivered (2xx) to its endpoint', `${tenantId}#${event.sequence} ${event.id}`);
    const order = firstSeenOrder.get(tenantId) ?? [];
    order.forEach((sequence, index) => {
      if (sequence !== start + index + 1) violation('first-seen sequence at the receiver has a gap or is out of order', `tenant ${tenantId}: arrival #${index + 1} is ${sequence}, expected ${start + index + 1}`);
    });
  }
  for (const arrival of records.arrivals) {
    if (!records.endpointStart.has(arrival.tenantId)) violation('delivery to a tenant without an endpoint', arrival.tenantId);
  }

  // The stream.
  const inStream = new Map<string, number>();
  const streamOrder = new Map<string, number[]>();
  for (const message of records.stream) {
    inStream.set(message.msgId, (inStream.get(message.msgId) ?? 0) + 1);
    const committed = byId.get(message.msgId);
    if (!committed) violation('JetStream holds an event that is not committed', `${message.msgId} (tenant ${message.tenantId}, sequence ${message.sequence})`);
    else if (committed.tenantId !== message.tenantId || committed.sequence !== message.sequence) {
      violation('JetStream message does not match the committed row', `${message.msgId}: got ${message.tenantId}#${message.sequence}, committed ${committed.tenantId}#${committed.sequence}`);
    }
    const order = streamOrder.get(message.tenantId) ?? [];
    order.push(message.sequence);
    streamOrder.set(message.tenantId, order);
  }
  for (const [msgId, count] of inStream) if (count > 1) violation('JetStream holds an event more than once', `${msgId} × ${count}`);
  for (const event of records.committed) if (!inStream.has(event.id)) violation('committed event missing from JetStream', `${event.tenantId}#${event.sequence} ${event.id}`);
  for (const [tenantId, order] of streamOrder) {
    order.forEach((sequence, index) => {
      if (sequence !== index + 1) violation('JetStream tenant order has a gap or runs backwards', `tenant ${tenantId}: message #${index + 1} is ${sequence}`);
    });
  }

  return {
    committed: records.committed.length,
    expectedAtReceiver,
    deliveries: records.arrivals.length,
    answered500,
    duplicates,
    redeliveredAfterSuccess,
    streamMessages: records.stream.length,
    violations: [...problems].map(([kind, { count, examples }]) => ({ kind, count, examples })),
  };
}
