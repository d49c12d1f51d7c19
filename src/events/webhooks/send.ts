import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DeliveryOutcome, OutboundEvent } from '../relay/sink.ts';
import { parseRetryAfter } from './schedule.ts';
import { signatureHeader } from './signing.ts';
import { resolveTarget } from './targets.ts';

/** One attempt to POST an event to an endpoint, per the Standard Webhooks spec. */

export const ATTEMPT_TIMEOUT_MS = 15_000;
/** A body a receiver answers with is read (and dropped) up to this size so its connection can
 * carry the next delivery; a longer one closes the connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Connections are kept between deliveries to one host and port: a TCP connection per event cost
 * the relay's process more CPU than the rest of the delivery (bench/RESULTS.md, "Events: removal
 * throughput"). A kept connection reaches an address checked when it was opened, and every
 * attempt still checks the target before it sends; free sockets do not keep the process alive. */
export const webhookAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export interface Attempt {
  outcome: DeliveryOutcome;
  /** The HTTP status answered, if any. */
  statusCode: number | null;
  latencyMs: number;
}

/** The body every attempt of one event sends, byte for byte (the signature covers it):
 * `{ type, timestamp, data }`, data being the event as the pull API presents it. */
export function webhookBody(event: OutboundEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

export async function sendWebhook(
  endpoint: { url: string; secrets: readonly string[] },
  event: OutboundEvent,
  options: { allowPrivateTargets: boolean; signal?: AbortSignal; timeoutMs?: number },
): Promise<Attempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  // The name is resolved within the attempt's time too (a lookup cannot be cancelled, only left).
  let lookupTimer: NodeJS.Timeout | undefined;
  const checked = await Promise.race([
    resolveTarget(endpoint.url, options.allowPrivateTargets),
    new Promise<{ ok: false; reason: string }>((resolve) => {
      lookupTimer = setTimeout(() => resolve({ ok: false, reason: `the host did not resolve within ${timeoutMs / 1000} s` }), timeoutMs);
    }),
  ]).finally(() => clearTimeout(lookupTimer));
  if (!checked.ok) return { outcome: { kind: 'retry', error: `target refused: ${checked.reason}` }, statusCode: null, latencyMs: elapsed() };
  const { url, address, family } = checked.target;
  const body = webhookBody(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Tenantry-Webhooks/1',
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(endpoint.secrets, event.id, timestamp, body),
  };
  // Connect to the address just checked, whatever the name resolves to by now (DNS rebinding);
  // TLS still verifies the certificate against the host name.
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const [client, agent] = url.protocol === 'https:' ? [https, webhookAgents.https] : [http, webhookAgents.http];
  const post = (fresh: boolean) => new Promise<Attempt>((resolve) => {
    let settled = false;
    const finish = (attempt: Omit<Attempt, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...attempt, latencyMs: elapsed() });
    };
    const request = client.request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: pinned, agent: fresh ? false : agent });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), Math.max(1, timeoutMs - elapsed()));
    const onAbort = () => request.destroy(new Error('relay stopping'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      // A kept connection the receiver closed just as we reused it: not the receiver's failure.
      if (request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && !settled && !options.signal?.aborted) {
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(post(true));
        return;
      }
      finish({ outcome: { kind: 'retry', error: error.message }, statusCode: null });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      finish({ outcome: outcomeOf(status, response.headers['retry-after']), statusCode: status });
      // The body carries nothing we use: drained so the connection is kept, unless it is long
      // or never ends (then the connection goes, not the relay's time).
      let bytes = 0;
      const drain = setTimeout(() => response.destroy(), Math.max(1, timeoutMs - elapsed())).unref();
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > DRAIN_LIMIT_BYTES) response.destroy();
      });
      response.on('error', () => undefined);
      response.on('close', () => clearTimeout(drain));
    });
    request.end(body);
  });
  return post(false);
}

/** 2xx delivered; 410 gone (the endpoint is turned off); anything else, redirects included (never
 * followed), is retried. */
function outcomeOf(status: number, retryAfter: string | undefined): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone', error: 'HTTP 410 Gone' };
  return { kind: 'retry', error: `HTTP ${status}`, retryAfterMs: parseRetryAfter(retryAfter) };
}
