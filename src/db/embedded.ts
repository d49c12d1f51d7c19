import { mkdir } from 'node:fs/promises';
import type { PgConnection } from './connection.ts';

/** A PGlite database served over the PostgreSQL wire protocol on loopback, so the rest of the
 * service talks to it exactly as to a real server (one code path after connecting). */
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
  port?: number;
  /** PGlite's socket server accepts 1 connection by default; the pool needs more. */
  maxConnections: number;
}

/** Starts PGlite plus its socket server on 127.0.0.1. */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // Dynamic imports: PGlite is ESM and heavy; nothing loads it when DATABASE_URL is set.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  let stopped = false;
  return {
    connection: { host, port: Number(port), user: 'postgres', database: 'postgres' },
    dump: () => db.dumpDataDir('none'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
