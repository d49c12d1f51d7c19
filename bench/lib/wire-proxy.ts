import { connect, createServer, type Server, type Socket } from 'node:net';

/** A PostgreSQL wire-protocol proxy on 127.0.0.1 that counts what a client really sends:
 * statements (one CommandComplete / EmptyQuery / Error answer each, whatever the protocol),
 * round trips and the statement texts with their parameters (Parse +
 * Bind + Execute, or a simple Query). It is the "query log" of whoever connects through it —
 * the service's Prisma adapter or the floor's pg pool — without touching server settings. Used
 * only for counting and EXPLAIN capture, never while throughput is measured. */

export interface CapturedStatement {
  conn: number;
  /** SQL text; for a simple Query, the whole message (it may hold several statements). */
  sql: string;
  params: (string | null)[];
  protocol: 'extended' | 'simple';
  /** Which round trip (counted from the last reset) carried it. */
  flight: number;
}

export interface Counters {
  statements: number;
  /** Flights: runs of messages a client sends with no answer from the server in between. A
   * pipelined client writes several statements (each with its own Sync, so its own
   * ReadyForQuery) in one flight and waits once. */
  roundTrips: number;
  errors: number;
}

export class WireProxy {
  private server?: Server;
  private nextConn = 0;
  readonly counters: Counters = { statements: 0, roundTrips: 0, errors: 0 };
  /** Statements in the order the server received them (since the last reset). */
  captured: CapturedStatement[] = [];
  port = 0;

  /** A `host` starting with / is a Unix socket's directory (as pg reads it). */
  constructor(private readonly upstream: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.handle(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  reset(): void {
    this.counters.statements = 0;
    this.counters.roundTrips = 0;
    this.counters.errors = 0;
    this.captured = [];
  }

  snapshot(): Counters & { captured: CapturedStatement[] } {
    return { ...this.counters, captured: [...this.captured] };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(client: Socket): void {
    const id = ++this.nextConn;
    const { host, port } = this.upstream;
    const server = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
    client.setNoDelay(true);
    if (!host.startsWith('/')) server.setNoDelay(true);
    const named = new Map<string, string>(); // prepared statement name → SQL
    let pending: { sql: string; params: (string | null)[] } | null = null;
    let lastParsed = '';
    let started = false; // frontend: the first message has no type byte
    let front = Buffer.alloc(0);
    let back = Buffer.alloc(0);
    let backendReady = false; // ReadyForQuery after authentication: the client's work begins
    let answered = false; // the server spoke since the client's last message: its next one starts a flight

    client.on('data', (chunk: Buffer) => {
      server.write(chunk);
      front = Buffer.concat([front, chunk]);
      for (;;) {
        if (!started) {
          if (front.length < 8) break;
          const length = front.readInt32BE(0);
          if (front.length < length) break;
          front = front.subarray(length);
          started = true; // (pg sends no SSLRequest unless asked to)
          continue;
        }
        if (front.length < 5) break;
        const type = String.fromCharCode(front[0]);
        const length = front.readInt32BE(1);
        if (front.length < 1 + length) break;
        const body = front.subarray(5, 1 + length);
        front = front.subarray(1 + length);
        if (type !== 'X' && answered) {
          this.counters.roundTrips++;
          answered = false;
        }
        if (type === 'P') {
          const [name, afterName] = cstring(body, 0);
          const [sql] = cstring(body, afterName);
          named.set(name, sql);
          lastParsed = sql;
        } else if (type === 'B') {
          const [, afterPortal] = cstring(body, 0);
          const [stmt, afterStmt] = cstring(body, afterPortal);
          let at = afterStmt;
          const formatCount = body.readInt16BE(at);
          at += 2;
          const formats: number[] = [];
          for (let i = 0; i < formatCount; i++, at += 2) formats.push(body.readInt16BE(at));
          const paramCount = body.readInt16BE(at);
          at += 2;
          const params: (string | null)[] = [];
          for (let i = 0; i < paramCount; i++) {
            const len = body.readInt32BE(at);
            at += 4;
            if (len < 0) params.push(null);
            else {
              const binary = (formats.length === 1 ? formats[0] : formats[i]) === 1;
              params.push(binary ? `\\x${body.subarray(at, at + len).toString('hex')}` : body.subarray(at, at + len).toString('utf8'));
              at += len;
            }
          }
          pending = { sql: named.get(stmt) ?? lastParsed, params };
        } else if (type === 'E' && pending) {
          this.captured.push({ conn: id, sql: pending.sql, params: pending.params, protocol: 'extended', flight: this.counters.roundTrips });
          pending = null;
        } else if (type === 'Q') {
          this.captured.push({ conn: id, sql: cstring(body, 0)[0], params: [], protocol: 'simple', flight: this.counters.roundTrips });
        }
      }
    });

    server.on('data', (chunk: Buffer) => {
      client.write(chunk);
      back = Buffer.concat([back, chunk]);
      for (;;) {
        if (back.length < 5) break;
        const type = String.fromCharCode(back[0]);
        const length = back.readInt32BE(1);
        if (back.length < 1 + length) break;
        back = back.subarray(1 + length);
        if (type === 'Z') backendReady = true;
        else if (backendReady && (type === 'C' || type === 'I')) this.counters.statements++;
        else if (backendReady && type === 'E') {
          this.counters.statements++;
          this.counters.errors++;
        }
      }
      // Anything after the handshake's ReadyForQuery is an answer the client may be waiting for.
      if (backendReady) answered = true;
    });
    const close = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', close);
    server.on('error', close);
    client.on('close', close);
    server.on('close', close);
  }
}

function cstring(buf: Buffer, from: number): [string, number] {
  const end = buf.indexOf(0, from);
  return [buf.subarray(from, end).toString('utf8'), end + 1];
}
