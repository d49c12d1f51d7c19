import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMigratedDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';
import { HttpClient } from '../helpers/http.ts';
import { databaseUrl, killAllServices, REPO_ROOT, ServiceProcess, shellEnv, startNodeOptions } from '../helpers/service-process.ts';

/** Traces of the real service (a child process, as `npm start` runs it) exported over OTLP/HTTP
 * (JSON) to a receiver this test runs on 127.0.0.1; and, with no OTEL_* variable, no
 * OpenTelemetry module loaded at all. */

const START_TIMEOUT_MS = 120_000;

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A minimal OTLP/HTTP trace receiver: keeps every span POSTed to /v1/traces. */
async function startReceiver(): Promise<{ server: Server; url: string; spans: Span[] }> {
  const spans: Span[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
        for (const resource of parsed.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, spans, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const attribute = (span: Span, key: string) => {
  const value = span.attributes.find((candidate) => candidate.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dataDir: string;
let database: TestDatabase | undefined;
afterAll(async () => {
  await killAllServices();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it(
    'exports spans for the HTTP request, the GraphQL operation and each SQL statement, one trace, whose id the log lines carry with the request id',
    async () => {
      const receiver = await startReceiver();
      dataDir = await mkdtemp(join(tmpdir(), 'tenantry-traces-'));
      const env: Record<string, string> = {
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_SERVICE_NAME: 'tenantry-under-test',
      };
      if (onRealPostgres) {
        database = await createMigratedDatabase();
        env.DATABASE_URL = databaseUrl(database);
      }
      const service = new ServiceProcess('traced service', env);
      try {
        const http = new HttpClient(await service.listening(START_TIMEOUT_MS));
        const requestId = 'trace-test-request-1';
        const response = await http.post('/graphql', {
          headers: { 'x-request-id': requestId },
          json: { query: 'mutation TracedRegister($email: String!, $password: String!) { register(email: $email, password: $password) { id } }', variables: { email: 'traced@example.com', password: 'a long enough password' } },
        });
        expect(response.body.errors).toBeUndefined();

        // Attribute names of the current semantic conventions, or of the older ones.
        const server = await until('the HTTP server span', () =>
          receiver.spans.find((span) => span.kind === 2 && (attribute(span, 'url.path') ?? attribute(span, 'http.target')) === '/graphql'),
        );
        const inTrace = () => receiver.spans.filter((span) => span.traceId === server.traceId);
        // The execute span is named after the operation; parse and validate have their own.
        const graphql = await until('the GraphQL operation span', () => inTrace().find((span) => span.name === 'mutation TracedRegister'));
        expect(attribute(graphql, 'graphql.operation.name')).toBe('TracedRegister');
        expect(inTrace().map((span) => span.name)).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate']));
        const sql = await until('SQL statement spans', () => {
          const found = inTrace().filter((span) => (attribute(span, 'db.system.name') ?? attribute(span, 'db.system')) === 'postgresql');
          const statements = found.map((span) => String(attribute(span, 'db.query.text') ?? attribute(span, 'db.statement') ?? ''));
          return statements.some((sql) => sql.startsWith('INSERT INTO "public"."users"')) ? statements : undefined;
        });
        // Each statement its own span: the transaction around the insert, the insert, the audit row.
        expect(sql).toEqual(expect.arrayContaining(['BEGIN', 'COMMIT']));
        expect(sql.length).toBeGreaterThan(3);

        const logged = await until('a log line of the request carrying the trace id', () =>
          service.lines.find((line) => line.reqId === requestId && line.trace_id === server.traceId),
        );
        expect(logged.span_id).toEqual(expect.any(String));
      } finally {
        await service.stop();
        await new Promise((resolve) => receiver.server.close(resolve));
      }
    },
    START_TIMEOUT_MS + 90_000,
  );
});

describe('no OTEL_* variables', () => {
  /** Loads what `npm start` loads before listening (the bootstrap, then the whole server) in a
   * fresh Node process, and lists the OpenTelemetry modules in its require cache. */
  async function openTelemetryLoaded(env: Record<string, string>): Promise<{ modules: string[]; registered: string[] }> {
    const script = `require('./src/observability/tracing-bootstrap.ts'); require('reflect-metadata'); require('./src/server.ts');
      const api = globalThis[Symbol.for('opentelemetry.js.api.1')];
      console.log(JSON.stringify({ modules: Object.keys(require.cache).filter((path) => path.includes('/@opentelemetry/')), registered: Object.keys(api ?? {}) }));
      process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, [...startNodeOptions(), '-e', script], { cwd: REPO_ROOT, env: { ...shellEnv(), ...env } });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  it('loads no OpenTelemetry SDK, exporter or instrumentation, and registers no tracer', async () => {
    const loaded = await openTelemetryLoaded({});
    // prom-client requires the API package itself (for exemplars); alone it is a no-op.
    expect(loaded.modules.filter((path) => !path.includes('/node_modules/@opentelemetry/api/'))).toEqual([]);
    expect(loaded.registered).not.toContain('trace');
  });

  it('(and the check sees it when tracing is on)', async () => {
    // A port where nothing listens: no span is ever delivered, the process exits at once.
    const loaded = await openTelemetryLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(loaded.modules.some((path) => path.includes('/@opentelemetry/sdk-node/'))).toBe(true);
    expect(loaded.modules.some((path) => path.includes('/@opentelemetry/instrumentation-pg/'))).toBe(true);
    expect(loaded.registered).toContain('trace');
  });
});
