import { rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import path from 'node:path';

/** One process at a time per embedded data directory. The lock is a Unix socket the holder
 * listens on, so the operating system releases it when the holder dies, SIGKILL included. On
 * Linux it is an abstract socket named by the directory's device and inode (no file that could
 * outlive the holder, whatever path spelling reaches the directory); elsewhere a socket file in
 * the directory, removed when nobody answers on it. Anyone who connects is told who holds the
 * directory and where it serves the database (the holder's answer, never a stale file), which is
 * how the CLI reaches a running service's database instead of opening a second copy. The same
 * facts are written to `tenantry.pid` in the directory for people (valid while the lock is held). */

export interface Holder {
  pid: number;
  /** What holds it, e.g. "the Tenantry service". */
  role: string;
  /** Where the holder serves the embedded database on loopback; null while it starts or stops. */
  database: { host: string; port: number } | null;
}

export interface DataDirLock {
  /** Tells later callers where this process serves the database. */
  serve(database: { host: string; port: number }): void;
  release(): Promise<void>;
}

/** Another process holds the directory. */
export class DataDirHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | null,
  ) {
    const who = holder ? `process ${holder.pid} (${holder.role})` : 'another process (which did not say which)';
    const serving = holder && !holder.database ? ', which is not serving its database yet (starting or stopping): try again when it is ready, or' : ':';
    super(`the data directory ${dataDir} (DATA_DIR) is in use by ${who}${serving} an embedded database opens in one process at a time; stop that process or set DATA_DIR to another directory`);
  }
}

export const HOLDER_FILE = 'tenantry.pid';
const ANSWER_TIMEOUT_MS = 30_000;
const ATTEMPTS = 5;

/** Takes the lock of `dataDir` (an existing directory), or tells who holds it. */
export async function tryLockDataDir(dataDir: string, role: string): Promise<{ lock: DataDirLock } | { holder: Holder | null }> {
  const address = lockAddress(dataDir);
  for (let attempt = 1; ; attempt++) {
    const holder: Holder = { pid: process.pid, role, database: null };
    const server = createServer((socket) => socket.on('error', () => undefined).end(`${JSON.stringify(holder)}\n`));
    const error = await listen(server, address);
    if (!error) {
      server.unref(); // the lock alone must not keep a finished process alive
      writeHolderFile(dataDir, holder);
      return { lock: heldLock(dataDir, server, holder) };
    }
    if (error.code !== 'EADDRINUSE') throw error;
    const answer = await ask(address);
    if (answer !== 'nobody') return { holder: answer };
    // Nobody listens: the holder died, leaving its socket file (an abstract name goes with it).
    if (!address.startsWith('\0')) rmSync(address, { force: true });
    if (attempt === ATTEMPTS) throw new Error(`could not lock the data directory ${dataDir}: its lock changed hands ${ATTEMPTS} times`);
  }
}

function lockAddress(dataDir: string): string {
  if (process.platform !== 'linux') return path.join(dataDir, 'tenantry.lock');
  const { dev, ino } = statSync(dataDir, { bigint: true });
  return `\0tenantry-data-dir-${dev}-${ino}`;
}

function listen(server: Server, address: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(address, () => {
      server.off('error', resolve);
      resolve(undefined);
    });
  });
}

/** The holder's own answer; 'nobody' when nothing listens; null when it did not answer in time. */
function ask(address: string): Promise<Holder | null | 'nobody'> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection(address);
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => {
      socket.destroy();
      resolve(null);
    });
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as Holder);
      } catch {
        resolve(null);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'nobody' : null));
  });
}

function heldLock(dataDir: string, server: Server, holder: Holder): DataDirLock {
  let released: Promise<void> | undefined;
  return {
    serve(database) {
      holder.database = database;
      writeHolderFile(dataDir, holder);
    },
    release() {
      released ??= new Promise<void>((resolve) => {
        rmSync(path.join(dataDir, HOLDER_FILE), { force: true });
        server.close(() => resolve());
      });
      return released;
    },
  };
}

function writeHolderFile(dataDir: string, holder: Holder): void {
  writeFileSync(path.join(dataDir, HOLDER_FILE), `${JSON.stringify(holder)}\n`);
}
