import type { OutboundEvent } from '../relay/sink.ts';

/** The tenant's event number, carried by every message so the stream alone says where each
 * tenant's delivery stands (docs/CONTRACT.md, Events, NATS JetStream). */
export const TENANT_SEQ_HEADER = 'Tenantry-Tenant-Seq';

/** A subject token: no wildcard, no dot, no whitespace. */
const TOKEN = /^[\w-]+$/;

/** `<prefix>.<tenantId>.<type>`, or null when the event cannot name a subject (a type outside
 * the catalogue's dotted lowercase names). */
export function eventSubject(prefix: string, event: Pick<OutboundEvent, 'tenantId' | 'type'>): string | null {
  if (!TOKEN.test(event.tenantId) || !event.type.split('.').every((token) => TOKEN.test(token))) return null;
  return `${prefix}.${event.tenantId}.${event.type}`;
}

/** Every subject of one tenant's events. */
export function tenantSubjects(prefix: string, tenantId: string): string {
  return `${prefix}.${tenantId}.>`;
}

/** The event as the pull API presents it (src/graphql/events/event.type.ts), without the
 * cursor, which belongs to the pull API. */
export function eventBody(event: OutboundEvent): string {
  const { id, type, tenantId, sequence, occurredAt, data } = event;
  return JSON.stringify({ id, type, tenantId, sequence, occurredAt: occurredAt.toISOString(), data });
}
