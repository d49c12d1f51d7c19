import type { WebhookSettings } from '../../../config.ts';
import type { Tx } from '../../../db/transaction.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { resolveTarget } from '../../../events/webhooks/targets.ts';
import type { RequestMeta } from '../../audit/record-audit.ts';
import { TENANT_EVENT_TYPES } from '../../audit/audit-actions.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { findHostileText } from '../../hostile-text.ts';
import { assertMayDo } from '../../tenancy/policy.ts';
import { lockTenantFor, readTenantAccess } from '../../tenancy/tenant-access.ts';

/** What the webhook use-cases share: the endpoint as callers see it (never its secrets), the
 * checks on its fields, and finding one under its tenant's lock. */

/** What every webhook use-case is told besides the request: the operator's webhook settings. */
export interface WebhookMeta extends RequestMeta {
  webhooks: WebhookSettings;
}

export const MAX_WEBHOOK_ENDPOINTS_PER_TENANT = 20;
const MAX_URL_LENGTH = 2_048;
const MAX_DESCRIPTION_LENGTH = 500;

export interface WebhookEndpointView {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  /** Types sent; empty = every type of the catalogue. */
  eventTypes: string[];
  enabled: boolean;
  /** GONE: turned off by the relay after a 410; null otherwise. */
  disabledReason: string | null;
  createdAt: Date;
  createdBy: string | null;
  /** Until when the secret before the last rotation still signs; null when none does. */
  previousSecretExpiresAt: Date | null;
  /** The tenant's events this endpoint has not yet taken (nor passed over). */
  pendingEvents: number;
  /** The next event's failed attempts, the last error, and when it is tried again. */
  failedAttempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  /** Events dead after the whole schedule, waiting for a replay. */
  deadLetters: number;
}

/** One statement: endpoints with their cursor's state, for a tenant or one endpoint. */
export async function readEndpointViews(tx: Tx, where: { tenantId: string } | { endpointId: string }): Promise<WebhookEndpointView[]> {
  const filter = 'tenantId' in where ? Prisma.sql`w.tenant_id = ${where.tenantId}::uuid` : Prisma.sql`w.id = ${where.endpointId}::uuid`;
  const rows = await tx.$queryRaw<(Omit<WebhookEndpointView, 'pendingEvents' | 'deadLetters'> & { pendingEvents: bigint; deadLetters: bigint })[]>`
    SELECT w.id, w.tenant_id AS "tenantId", w.url, w.description, coalesce(w.event_types, '{}') AS "eventTypes", w.enabled,
            w.disabled_reason AS "disabledReason", w.created_at AS "createdAt", w.created_by AS "createdBy",
            CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_expires_at END AS "previousSecretExpiresAt",
            greatest(t.last_event_seq - coalesce(c.last_seq, t.last_event_seq), 0) AS "pendingEvents",
            coalesce(c.attempts, 0) AS "failedAttempts", c.last_error AS "lastError",
            CASE WHEN c.attempts > 0 THEN c.next_attempt_at END AS "nextAttemptAt",
            (SELECT count(*) FROM webhook_dead_letters d WHERE d.endpoint_id = w.id AND d.replay_at IS NULL) AS "deadLetters"
     FROM webhook_endpoints w JOIN tenants t ON t.id = w.tenant_id
     LEFT JOIN event_deliveries_cursor c ON c.endpoint_id = w.id AND c.tenant_id = w.tenant_id
     WHERE ${filter} ORDER BY w.created_at, w.id`;
  return rows.map((row) => ({ ...row, pendingEvents: Number(row.pendingEvents), deadLetters: Number(row.deadLetters) }));
}

/** Validated endpoint fields, as far as they were given. */
export interface EndpointFields {
  url?: string;
  description?: string;
  eventTypes?: string[];
}

/** Checks the fields given. The URL is resolved here, before any lock is taken: a slow DNS
 * answer must not hold the tenant.
 * @throws InvalidInputError: a URL that is not http(s), holds credentials, does not resolve, or
 * resolves to a refused address (reason WEBHOOK_URL_REFUSED, the why in the issue); an unknown
 * event type; text no input may hold. */
export async function checkEndpointFields(input: { url?: string | null; description?: string | null; eventTypes?: readonly string[] | null }, settings: WebhookSettings): Promise<EndpointFields> {
  const fields: EndpointFields = {};
  const hostile = findHostileText({ url: input.url ?? '', description: input.description ?? '' });
  if (hostile) throw new InvalidInputError('Invalid text', [hostile]);
  if (input.url !== undefined && input.url !== null) {
    const url = input.url.trim();
    if (url.length > MAX_URL_LENGTH) throw new InvalidInputError('URL too long', [{ loc: ['url'], msg: `At most ${MAX_URL_LENGTH} characters`, type: 'string_too_long', input: url }]);
    const checked = await resolveTarget(url, settings.allowPrivateTargets);
    if (!checked.ok) throw new InvalidInputError(`Webhook URL refused: ${checked.reason}`, [{ loc: ['url'], msg: checked.reason, type: 'url', input: url }], 'WEBHOOK_URL_REFUSED');
    fields.url = url;
  }
  if (input.description !== undefined && input.description !== null) {
    const description = input.description.trim();
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidInputError('Description too long', [{ loc: ['description'], msg: `At most ${MAX_DESCRIPTION_LENGTH} characters`, type: 'string_too_long', input: description }]);
    }
    fields.description = description;
  }
  if (input.eventTypes !== undefined && input.eventTypes !== null) {
    const types = [...new Set(input.eventTypes)];
    const unknown = types.findIndex((type) => !TENANT_EVENT_TYPES.includes(type as never));
    if (unknown >= 0) {
      throw new InvalidInputError('Unknown event type', [
        { loc: ['eventTypes', unknown], msg: `Input should be one of ${TENANT_EVENT_TYPES.join(', ')}`, type: 'enum', input: types[unknown] },
      ]);
    }
    fields.eventTypes = types;
  }
  return fields;
}

/** The endpoint, its tenant locked for `tenant.webhooks:manage` and the endpoint row locked.
 * @throws NotFoundError (endpoint), ForbiddenError. */
export async function lockEndpointFor(tx: Tx, actorId: string, endpointId: string): Promise<{ id: string; tenantId: string; url: string }> {
  const found = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { tenantId: true } });
  if (!found) throw endpointNotFound(endpointId);
  await lockTenantFor(tx, actorId, found.tenantId, 'tenant.webhooks:manage');
  const [row] = await tx.$queryRaw<{ id: string; tenantId: string; url: string }[]>`
    SELECT id, tenant_id AS "tenantId", url FROM webhook_endpoints WHERE id = ${endpointId}::uuid AND tenant_id = ${found.tenantId}::uuid FOR UPDATE`;
  if (!row) throw endpointNotFound(endpointId);
  return row;
}

/** A read (no lock): the caller may manage the endpoint's tenant.
 * @throws NotFoundError (endpoint), ForbiddenError. */
export async function readableEndpoint(tx: Tx, actorId: string, endpointId: string): Promise<{ tenantId: string }> {
  const found = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { tenantId: true } });
  if (!found) throw endpointNotFound(endpointId);
  assertMayDo(await readTenantAccess(tx, actorId, found.tenantId), found.tenantId, 'tenant.webhooks:manage');
  return found;
}

export function endpointNotFound(endpointId: string): NotFoundError {
  return new NotFoundError(`Could not find webhook endpoint: ${endpointId}`);
}

/** The endpoint as readEndpointViews shows it (after a write, in the same transaction). */
export async function endpointView(tx: Tx, endpointId: string): Promise<WebhookEndpointView> {
  const [view] = await readEndpointViews(tx, { endpointId });
  return view;
}
