// src/events/relay/sink.ts
/** One event as every destination receives it. */
export interface OutboundEvent { id: string; type: string; tenantId: string; sequence: number; occurredAt: Date; data: unknown }
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'gone'; error: string };
/** A destination that is not a row of webhook_endpoints (JetStream): one per process, for every tenant. */
export interface EventSink { readonly name: string; deliver(event: OutboundEvent): Promise<DeliveryOutcome>; close(): Promise<void> }
