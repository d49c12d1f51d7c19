import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A real webhook receiver on loopback. Every delivery is verified with the `standardwebhooks`
 * package (the reference, never our own signing code) against each secret the test gives it. */

export interface Delivery {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: { id: string; tenantId: string; sequence: number; type: string; [key: string]: unknown } };
  /** The secrets (by index in `secrets`) whose verifier accepted it. */
  verifiedBy: number[];
  headers: IncomingHttpHeaders;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Receiver {
  url: string;
  /** Every request received, in arrival order (failed answers included). */
  deliveries: Delivery[];
  /** Secrets to verify with; set after the endpoint is created. */
  secrets: string[];
  /** How to answer a delivery (default 204); 'hold' never answers (a receiver that hangs, until close). */
  answer: (delivery: Delivery) => Answer | 'hold';
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    deliveries: [],
    secrets: [],
    answer: () => ({ status: 204 }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
      const verifiedBy = receiver.secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [index];
        } catch {
          return [];
        }
      });
      const delivery: Delivery = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        payload: JSON.parse(body),
        verifiedBy,
        headers: request.headers,
      };
      receiver.deliveries.push(delivery);
      const answer = receiver.answer(delivery);
      if (answer !== 'hold') response.writeHead(answer.status, answer.headers).end();
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** Waits for a condition (checked every 20 ms), failing with `what` after `timeoutMs`: tests
 * wait on what happened, never for a fixed time. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
