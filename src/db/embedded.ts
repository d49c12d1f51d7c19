import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PgConnection } from './connection.ts';

/** A PGlite database served over the PostgreSQL wire protocol, on a Unix socket by default (or
 * on loopback TCP), so the rest of the service talks to it exactly as to a real server (one code
 * path after connecting). */
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

/** Where the Unix socket lives: a new directory only this user can enter, so no stale socket of
 * an earlier run is in the way. pg reads a `host` starting with / as that directory. */
async function socketDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tenantry-pg-'));
}

/** Starts PGlite plus its socket server (a Unix socket, or 127.0.0.1 when a port is given). */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // Dynamic imports: PGlite is ESM and heavy; nothing loads it when DATABASE_URL is set.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const socketDir = options.port === undefined ? await socketDirectory() : undefined;
  const server = new PGLiteSocketServer({
    db,
    ...(socketDir ? { path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`) } : { host: '127.0.0.1', port: options.port }),
    maxConnections: options.maxConnections,
  });
  const removeSocketDir = () => (socketDir ? rm(socketDir, { recursive: true, force: true }) : Promise.resolve());
  try {
    await server.start();
  } catch (error) {
    await db.close();
    await removeSocketDir();
    throw error;
  }
  const user = { user: 'postgres', database: 'postgres' };
  let connection: PgConnection;
  if (socketDir) {
    connection = { host: socketDir, port: SOCKET_PORT, ...user };
  } else {
    const [host, port] = server.getServerConn().split(':');
    connection = { host, port: Number(port), ...user };
  }
  let stopped = false;
  return {
    connection,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      await removeSocketDir();
    },
  };
}
