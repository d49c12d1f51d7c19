import { request as httpRequest } from 'node:http';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';

/** A small fetch wrapper for tests: real HTTP against the running server. */
export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A bearer token, an API key, or a token sent as the browser session cookie (as the console does). */
export type Auth = { token: string } | { apiKey: string } | { sessionCookie: string } | undefined;

export interface RequestOptions {
  auth?: Auth;
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent as is (for malformed-input tests). */
  body?: string;
  /** A list sends one header line per entry (fetch would join them into one). */
  headers?: Record<string, string | string[]>;
}

export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string | string[]> = { ...authHeaders(options.auth), ...options.headers };
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const repeated = Object.values(headers).some((value) => Array.isArray(value));
    const response = repeated ? await sendLines(this.baseUrl + path, method, headers, body) : await fetch(this.baseUrl + path, { method, headers: headers as Record<string, string>, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: tests assert on the raw text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('POST', path, options);
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /** POSTs a GraphQL operation to /graphql. */
  graphql<T = any>(query: string, variables: Record<string, unknown> = {}, auth?: Auth) {
    return this.post<{ data?: T; errors?: { message: string; extensions?: Record<string, any> }[] }>('/graphql', {
      auth,
      json: { query, variables },
    });
  }
}

export function authHeaders(auth: Auth): Record<string, string> {
  if (!auth) return {};
  if ('sessionCookie' in auth) return { cookie: `${SESSION_COOKIE}=${auth.sessionCookie}` };
  return 'token' in auth ? { authorization: `Bearer ${auth.token}` } : { 'x-api-key': auth.apiKey };
}

/** node:http sends each entry of a list value as a header line of its own. */
function sendLines(url: string, method: string, headers: Record<string, string | string[]>, body: string | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) received.append(name, one);
        }
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers: received }));
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
