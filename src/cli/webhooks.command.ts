import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Actor } from '../domain/actor.ts';
import type { Tx } from '../db/transaction.ts';
import { createWebhookEndpoint } from '../domain/events/webhooks/create-webhook-endpoint.ts';
import { deleteWebhookEndpoint } from '../domain/events/webhooks/delete-webhook-endpoint.ts';
import { listWebhookDeliveries } from '../domain/events/webhooks/list-webhook-deliveries.ts';
import { listWebhookEndpoints } from '../domain/events/webhooks/list-webhook-endpoints.ts';
import { resendWebhookEvents } from '../domain/events/webhooks/resend-webhook-events.ts';
import { rotateWebhookSecret } from '../domain/events/webhooks/rotate-webhook-secret.ts';
import { endpointNotFound, type WebhookMeta } from '../domain/events/webhooks/webhook-endpoint.ts';
import { canonicalUuid } from '../domain/uuid.ts';
import { printRows, withLimit } from './list-options.ts';
import { inTx, OPERATOR, withDatabase } from './session.ts';
import { findTenantByRef } from './tenant-ref.ts';

/** `tenantry webhooks …`: a tenant's webhook endpoints through the same use-cases as the API,
 * acting as the tenant's owner (who holds tenant.webhooks:manage), recorded as the operator's. */

/** The owner of a tenant, as the operator acting for them. */
async function ownerOf(tx: Tx, tenantId: string): Promise<Actor> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { owner: { select: { id: true, email: true } } } });
  return { userId: tenant.owner.id, email: tenant.owner.email, credential: { kind: 'operator' } };
}

/** The owner of the tenant an endpoint belongs to. */
async function endpointOwner(tx: Tx, endpointId: string): Promise<Actor> {
  const id = canonicalUuid(endpointId);
  const endpoint = id ? await tx.webhookEndpoint.findUnique({ where: { id }, select: { tenantId: true } }) : null;
  if (!endpoint) throw endpointNotFound(endpointId);
  return ownerOf(tx, endpoint.tenantId);
}

const meta = (config: Config): WebhookMeta => ({ ...OPERATOR, webhooks: config.events.webhooks });

const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

export function webhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description("a tenant's webhook endpoints (docs/CONTRACT.md §13)");
  withLimit(webhooks.command('list').description("list a tenant's endpoints: id, url, enabled, types, pending events, dead letters"))
    .requiredOption('--tenant <id or name>', 'the tenant, by id or exact name')
    .action(async (options: { tenant: string; limit: number }) => {
      const endpoints = await withDatabase((db) =>
        inTx(db, async (tx) => {
          const tenant = await findTenantByRef(tx, options.tenant);
          return listWebhookEndpoints(tx, await ownerOf(tx, tenant.id), { tenantId: tenant.id });
        }),
      );
      printRows(endpoints, options.limit, (endpoint) => [
        endpoint.id,
        endpoint.url,
        endpoint.enabled ? 'enabled' : `disabled${endpoint.disabledReason ? `=${endpoint.disabledReason}` : ''}`,
        `types=${endpoint.eventTypes.join(',') || 'all'}`,
        `pending=${endpoint.pendingEvents}`,
        `dead=${endpoint.deadLetters}`,
      ]);
    });
  webhooks
    .command('add')
    .description('add an endpoint to a tenant; its signing secret is printed once')
    .requiredOption('--tenant <id or name>', 'the tenant, by id or exact name')
    .requiredOption('--url <url>', 'where events are POSTed (https://…)')
    .option('--types <types>', 'comma-separated event types to send (default: all)', list)
    .option('--description <text>', 'what the endpoint is for')
    .action(async (options: { tenant: string; url: string; types?: string[]; description?: string }) => {
      const created = await withDatabase((db, config) =>
        inTx(db, async (tx) => {
          const tenant = await findTenantByRef(tx, options.tenant);
          const input = { tenantId: tenant.id, url: options.url, description: options.description, eventTypes: options.types };
          return createWebhookEndpoint(tx, await ownerOf(tx, tenant.id), input, meta(config));
        }),
      );
      console.log(`created webhook endpoint ${created.endpoint.id} → ${created.endpoint.url}`);
      console.log(`secret (shown once): ${created.secret}`);
    });
  webhooks
    .command('remove')
    .description('delete an endpoint, with its delivery log')
    .requiredOption('--endpoint <id>', 'the endpoint id')
    .action(async (options: { endpoint: string }) => {
      const removed = await withDatabase((db, config) => inTx(db, async (tx) => deleteWebhookEndpoint(tx, await endpointOwner(tx, options.endpoint), { endpointId: options.endpoint }, meta(config))));
      console.log(`deleted webhook endpoint ${removed.id}`);
    });
  webhooks
    .command('rotate')
    .description('give an endpoint a new signing secret (printed once); the old one signs beside it for WEBHOOK_SECRET_OVERLAP_HOURS')
    .requiredOption('--endpoint <id>', 'the endpoint id')
    .action(async (options: { endpoint: string }) => {
      const rotated = await withDatabase((db, config) => inTx(db, async (tx) => rotateWebhookSecret(tx, await endpointOwner(tx, options.endpoint), { endpointId: options.endpoint }, meta(config))));
      console.log(`rotated the secret of ${rotated.endpointId}${rotated.previousSecretExpiresAt ? `; the previous one signs until ${rotated.previousSecretExpiresAt.toISOString()}` : ''}`);
      console.log(`secret (shown once): ${rotated.secret}`);
    });
  withLimit(webhooks.command('deliveries').description("an endpoint's delivery log, newest first: event, sequence, attempt, status or error, latency, time"))
    .requiredOption('--endpoint <id>', 'the endpoint id')
    .action(async (options: { endpoint: string; limit: number }) => {
      const attempts: Awaited<ReturnType<typeof listWebhookDeliveries>>['attempts'] = [];
      await withDatabase((db) =>
        inTx(db, async (tx) => {
          const actor = await endpointOwner(tx, options.endpoint);
          let after: string | null = null;
          do {
            const page = await listWebhookDeliveries(tx, actor, { endpointId: options.endpoint, first: 200, after });
            attempts.push(...page.attempts);
            after = page.hasNextPage ? page.endCursor : null;
          } while (after && attempts.length <= options.limit);
        }),
      );
      printRows(attempts, options.limit, (attempt) => [
        attempt.eventId,
        attempt.eventType,
        `seq=${attempt.sequence}`,
        `attempt=${attempt.attempt}`,
        attempt.error ? `failed: ${attempt.statusCode ?? '-'} ${attempt.error}` : `delivered: ${attempt.statusCode}`,
        `${attempt.latencyMs} ms`,
        attempt.at.toISOString(),
      ]);
    });
  webhooks
    .command('resend')
    .description('send events to an endpoint again: the ones named, or (none named) every dead letter')
    .requiredOption('--endpoint <id>', 'the endpoint id')
    .option('--events <ids>', 'comma-separated event ids', list)
    .action(async (options: { endpoint: string; events?: string[] }) => {
      const { queued } = await withDatabase((db, config) =>
        inTx(db, async (tx) => resendWebhookEvents(tx, await endpointOwner(tx, options.endpoint), { endpointId: options.endpoint, eventIds: options.events ?? null }, meta(config))),
      );
      console.log(`queued ${queued} event${queued === 1 ? '' : 's'} for ${options.endpoint}`);
    });
}
