import { parentPort, workerData } from 'node:worker_threads';

/** The thread that runs PGlite and its socket server (src/db/embedded.ts starts it). PGlite is
 * single-threaded WebAssembly: here its start (the wasm, opening the data directory) and every
 * statement it runs use a core of their own instead of the service's event loop. */

export interface WorkerStart {
  dataDir?: string;
  /** The tarball to start from (`loadDataDir`), as bytes: a Blob does not cross threads in Node 20. */
  load?: ArrayBuffer;
  /** A Unix socket path, or loopback TCP at `port`. */
  path?: string;
  port?: number;
  maxConnections: number;
}

export type FromWorker = { type: 'listening'; conn: string } | { type: 'failed'; error: unknown } | { type: 'dump'; data: ArrayBuffer } | { type: 'stopped' };
export type ToWorker = { type: 'dump' } | { type: 'stop' };

async function serve(start: WorkerStart): Promise<void> {
  const port = parentPort!;
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create({ dataDir: start.dataDir, loadDataDir: start.load ? new Blob([start.load]) : undefined });
  const server = new PGLiteSocketServer({
    db,
    ...(start.path ? { path: start.path } : { host: '127.0.0.1', port: start.port }),
    maxConnections: start.maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  port.on('message', (message: ToWorker) => {
    if (message.type === 'dump') {
      void db
        .dumpDataDir('none')
        .then((blob) => blob.arrayBuffer())
        .then(
          (data) => port.postMessage({ type: 'dump', data } satisfies FromWorker, [data]),
          (error: unknown) => port.postMessage({ type: 'failed', error } satisfies FromWorker),
        );
    } else {
      void (async () => {
        await server.stop();
        await db.close();
        port.postMessage({ type: 'stopped' } satisfies FromWorker);
        port.close(); // nothing left: the thread ends
      })();
    }
  });
  port.postMessage({ type: 'listening', conn: server.getServerConn() } satisfies FromWorker);
}

serve(workerData as WorkerStart).catch((error: unknown) => {
  parentPort!.postMessage({ type: 'failed', error } satisfies FromWorker);
  parentPort!.close();
});
