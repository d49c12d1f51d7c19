import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { seeded } from '../../test/helpers/seeded.ts';

/** The bench's webhook receiver on loopback: one path per tenant (`/hooks/<tenantId>`), every
 * delivery verified with the `standardwebhooks` package (the reference implementation, not our
 * signing code) against that tenant's endpoint secret, and recorded in arrival order. A share of
 * deliveries is answered 500, drawn from a seeded generator, so a run can be repeated. */

export interface Arrival {
  tenantId: string;
  /** The `webhook-id` header. */
  webhookId: string;
  /** The body's event id and tenant sequence. */
  eventId: string;
  sequence: number;
  /** Date.now() when the request's body was read. */
  receivedAt: number;
  /** The event's occurredAt (its transaction's start), ms since the epoch. */
  occurredAt: number;
  status: number;
}

export interface ReceiverOptions {
  /** Share of deliveries answered 500 (0 … 1). */
  failShare: number;
  seed: number;
  /** The answer to a delivery that is not failed (default 204). */
  okStatus?: number;
}

export class WebhookReceiver {
  readonly arrivals: Arrival[] = [];
  /** Deliveries that did not verify, or whose body or path did not make sense: each a violation. */
  readonly rejected: string[] = [];
  private readonly verifiers = new Map<string, Webhook>();
  private readonly random: () => number;
  private server: Server | null = null;
  url = '';

  constructor(private readonly options: ReceiverOptions) {
    this.random = seeded(options.seed);
  }

  /** Deliveries to `/hooks/<tenantId>` verify with `secret` (the endpoint's). */
  register(tenantId: string, secret: string): void {
    this.verifiers.set(tenantId, new Webhook(secret));
  }

  async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const receivedAt = Date.now();
        const body = Buffer.concat(chunks).toString('utf8');
        const tenantId = /^\/hooks\/([\w-]+)$/.exec(request.url ?? '')?.[1] ?? '';
        const headers = {
          'webhook-id': String(request.headers['webhook-id'] ?? ''),
          'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
        };
        const verifier = this.verifiers.get(tenantId);
        let payload: { data?: { id?: string; tenantId?: string; sequence?: number; occurredAt?: string } };
        try {
          if (!verifier) throw new Error(`no endpoint for path ${request.url}`);
          payload = verifier.verify(body, headers) as typeof payload;
        } catch (error) {
          this.rejected.push(`${request.url} ${headers['webhook-id']}: ${(error as Error).message}`);
          response.writeHead(400).end();
          return;
        }
        const data = payload.data ?? {};
        if (data.tenantId !== tenantId || typeof data.sequence !== 'number' || !data.id || !data.occurredAt) {
          this.rejected.push(`${request.url} ${headers['webhook-id']}: body names tenant ${data.tenantId}, sequence ${data.sequence}`);
          response.writeHead(400).end();
          return;
        }
        const status = this.random() < this.options.failShare ? 500 : (this.options.okStatus ?? 204);
        this.arrivals.push({ tenantId, webhookId: headers['webhook-id'], eventId: data.id, sequence: data.sequence, receivedAt, occurredAt: Date.parse(data.occurredAt), status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
