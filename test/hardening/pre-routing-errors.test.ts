import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { authHeaders, type Auth } from '../helpers/http.ts';

/** Requests refused before any route runs — by Fastify's router or by Node's HTTP parser — are
 * answered in the documented `{"detail": "…"}` shape as application/json, like every other
 * refusal. */

let t: TestApp;
let auth: Auth;
beforeAll(async () => {
  t = await startTestApp({ mode: 'production' });
  auth = await tokenFor(await buildUser(t.prisma));
});
afterAll(() => t.close());

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: unknown;
}

/** Sends the path and headers byte for byte (fetch would normalise the path), on a new connection. */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const base = new URL(t.http.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes bytes that are not HTTP and reads whatever comes back until the server closes. */
function sendBytes(bytes: string): Promise<string> {
  const base = new URL(t.http.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const removal = (tenantId: string, userId = randomUUID()) => `/api/v1/permissions/tenants/${tenantId}/users/${userId}`;

describe('a path the router cannot take apart', () => {
  it.each(['%', '%zz', '%E0%A4%A'])('answers invalid percent-encoding (%s) with 400 {"detail"}', async (segment) => {
    const answer = await send('DELETE', removal(segment), authHeaders(auth));
    expect(answer).toEqual({ status: 400, contentType: expect.stringMatching(/^application\/json/), body: { detail: 'Invalid URL: the path is not valid percent-encoding' } });
  });
});

describe('a path parameter longer than the router would take by default (100 characters)', () => {
  it.each([101, 2_000])('reaches the route and gets the legacy 422 uuid_parsing for a %i-character id', async (length) => {
    const answer = await send('DELETE', removal('a'.repeat(length)), authHeaders(auth));
    expect(answer.status).toBe(422);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({ detail: [expect.objectContaining({ type: 'uuid_parsing', loc: ['path', 'tenant_id'] })] });
  });

  it('answers 431 {"detail"} once the request line alone is over Node\'s header limit', async () => {
    const answer = await send('DELETE', removal('a'.repeat(20_000)), authHeaders(auth));
    expect(answer).toEqual({ status: 431, contentType: 'application/json', body: { detail: 'Request header fields are too large' } });
  });
});

describe('requests Node\'s HTTP parser refuses', () => {
  it.each(['/health', removal(randomUUID()), '/graphql'])('answers headers over 16 KiB with 431 {"detail"} on %s', async (path) => {
    const answer = await send('GET', path, { ...authHeaders(auth), 'x-big': 'a'.repeat(20_000) });
    expect(answer).toEqual({ status: 431, contentType: 'application/json', body: { detail: 'Request header fields are too large' } });
  });

  it('answers bytes that are not HTTP with 400 {"detail"} and closes the connection', async () => {
    const raw = await sendBytes('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: not-a-number\r\n\r\n');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain('Content-Type: application/json');
    expect(head).toContain('Connection: close');
    expect(JSON.parse(body)).toEqual({ detail: 'Malformed HTTP request' });
  });
});
