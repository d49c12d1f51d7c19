import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PgConnection } from './connection.ts';
import type { FromWorker, ToWorker, WorkerStart } from './embedded-worker.ts';

/** A PGlite database served over the PostgreSQL wire protocol, on a Unix socket by default (or
 * on loopback TCP), so the rest of the service talks to it exactly as to a real server (one code
 * path after connecting). PGlite runs in a worker thread (src/db/embedded-worker.ts): its start
 * overlaps the service's own (loading modules, building the schema), and its work never blocks
 * the event loop. */
export interface EmbeddedDatabase {
  connection: PgConnection;
  /** Closes client sockets, then PGlite itself, so the data directory reopens cleanly. */
  stop(): Promise<void>;
  /** The whole data directory as a tarball (a template that `loadDataDir` clones). */
  dump(): Promise<Blob>;
}

export interface EmbeddedOptions {
  /** Data directory; omitted = in memory. */
  dataDir?: string;
  /** A tarball from `dumpDataDir` to start from (cloning a migrated template in ~0.4 s). */
  loadDataDir?: Blob | File;
  /** TCP on 127.0.0.1 at this port (0: any free one); omitted = a Unix socket, which costs the
   * client less CPU per round trip than loopback TCP and that no other user can connect to. */
  port?: number;
  /** PGlite's socket server accepts 1 connection by default; the pool needs more. */
  maxConnections: number;
}

/** The socket file's name ends in this number, as a server's at that port would (`.s.PGSQL.5432`). */
const SOCKET_PORT = 5432;

/** The worker is TypeScript too: it loads through the same hook as `npm start` (also under Jest,
 * whose transform does not reach a worker thread). */
const WORKER = resolve(__dirname, 'embedded-worker.ts');
const REGISTER = resolve(__dirname, '../../scripts/register.js');

/** Where the Unix socket lives: a new directory only this user can enter, so no stale socket of
 * an earlier run is in the way. pg reads a `host` starting with / as that directory. */
async function socketDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tenantry-pg-'));
}

/** Starts PGlite plus its socket server (a Unix socket, or 127.0.0.1 when a port is given). */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const socketDir = options.port === undefined ? await socketDirectory() : undefined;
  const removeSocketDir = () => (socketDir ? rm(socketDir, { recursive: true, force: true }) : Promise.resolve());
  const load = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  const start: WorkerStart = {
    dataDir: options.dataDir,
    load,
    ...(socketDir ? { path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`) } : { port: options.port }),
    maxConnections: options.maxConnections,
  };
  // Loading the hook from the thread's own code, not through `execArgv`, lets the thread inherit
  // the process's Node options, some of which (--max-old-space-size) a thread may not be given.
  const code = `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(WORKER)});`;
  const worker = new Worker(code, { eval: true, workerData: start, transferList: load ? [load] : [] });
  // An error the thread did not catch: while starting, the start fails with it; afterwards the
  // process fails with it, as it did when PGlite ran on the main thread.
  let listening = false;
  let uncaught: unknown;
  worker.on('error', (error) => {
    if (listening) throw error;
    uncaught = error;
  });
  const exited = new Promise<number>((done) => worker.once('exit', done));
  const next = (type: FromWorker['type']) =>
    new Promise<FromWorker>((done, fail) => {
      const onMessage = (message: FromWorker) => {
        if (message.type !== type && message.type !== 'failed') return;
        worker.off('message', onMessage);
        if (message.type === 'failed') fail(message.error);
        else done(message);
      };
      worker.on('message', onMessage);
      // A thread that dies (a wasm abort) answers nothing: fail the caller rather than hang it.
      void exited.then((code) => fail(uncaught ?? new Error(`the embedded database's thread exited (code ${code}) before answering ${type}`)));
    });
  const post = (message: ToWorker) => worker.postMessage(message);

  let conn: string;
  try {
    conn = ((await next('listening')) as Extract<FromWorker, { type: 'listening' }>).conn;
    listening = true;
  } catch (error) {
    await exited;
    await removeSocketDir();
    throw error;
  }
  const user = { user: 'postgres', database: 'postgres' };
  let connection: PgConnection;
  if (socketDir) {
    connection = { host: socketDir, port: SOCKET_PORT, ...user };
  } else {
    const [host, port] = conn.split(':');
    connection = { host, port: Number(port), ...user };
  }
  let stopped: Promise<void> | undefined;
  return {
    connection,
    async dump() {
      const answer = next('dump');
      post({ type: 'dump' });
      return new Blob([((await answer) as Extract<FromWorker, { type: 'dump' }>).data]);
    },
    stop() {
      stopped ??= (async () => {
        const answer = next('stopped');
        post({ type: 'stop' });
        await answer.catch(() => undefined); // a thread already gone has nothing left to close
        await exited;
        await removeSocketDir();
      })();
      return stopped;
    },
  };
}
