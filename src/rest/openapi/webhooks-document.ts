import { z } from 'zod';
import { TENANT_EVENT_TYPES } from '../../domain/audit/audit-actions.ts';
import { instantOut, uuidOut } from '../response-shapes.ts';

/** OpenAPI 3.1 `webhooks`: what a tenant's webhook endpoint receives, one entry per event type
 * of the catalogue (docs/CONTRACT.md §13, Webhooks). The body is built by src/events/webhooks/send.ts. */

const webhookEvent = z
  .object({
    type: z.string().meta({ description: 'The event type (an audit action of the catalogue).' }),
    timestamp: instantOut.meta({ description: 'When the event occurred (its transaction began).' }),
    data: z
      .object({
        id: uuidOut.meta({ description: 'The event id: the same as the webhook-id header, on every retry.' }),
        type: z.string(),
        tenantId: uuidOut,
        sequence: z.number().int().min(1).meta({ description: 'Its number in the tenant’s stream: 1, 2, 3… with no gap, in commit order.' }),
        occurredAt: instantOut,
        actorId: uuidOut.nullable(),
        targetUserId: uuidOut.nullable(),
        batchId: uuidOut.nullable(),
        data: z.unknown().meta({ description: 'What changed: the audit event’s details, by type.' }),
      })
      .meta({ description: 'The event as the pull API presents it.' }),
  })
  .meta({ id: 'WebhookEvent' });

const HEADERS = [
  { name: 'webhook-id', description: 'The event id, the same on every retry, replay and resend: remove duplicates by it.', schema: { type: 'string', format: 'uuid' } },
  { name: 'webhook-timestamp', description: 'The attempt’s time, Unix seconds.', schema: { type: 'string', pattern: '^[0-9]+$' } },
  {
    name: 'webhook-signature',
    description: 'Space-separated `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`, one per valid secret (two during a rotation); verify with the `standardwebhooks` package.',
    schema: { type: 'string' },
  },
].map((header) => ({ in: 'header', required: true, ...header }));

type JsonSchema = Record<string, unknown>;

/** The `webhooks` map; `toJsonSchema` is the document's own conversion, which files named schemas
 * as components. */
export function webhooksDocument(toJsonSchema: (schema: z.ZodType) => JsonSchema): Record<string, unknown> {
  const body = toJsonSchema(webhookEvent);
  return Object.fromEntries(
    TENANT_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `A ${type} event`,
          description:
            'Sent to every enabled endpoint of the tenant whose types include it, in the tenant’s order. Answer 2xx to acknowledge; 410 turns the endpoint off; ' +
            'anything else, or no answer within 15 s, is retried on the schedule (docs/CONTRACT.md §13).',
          parameters: HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: body } } },
          responses: { '2XX': { description: 'Received.' }, '410': { description: 'The endpoint is gone: it is turned off.' } },
        },
      },
    ]),
  );
}
