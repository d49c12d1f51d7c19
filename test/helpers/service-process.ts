import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectionUrl } from '../../src/db/connection.ts';
import type { TestDatabase } from './database.ts';

/** A server of this repository in a child process, by default the service as `npm start` runs it
 * (package.json's "start": `node -r ./scripts/register.js src/main.ts`), with its JSON log parsed
 * as it arrives. Used by the end-to-end test, the stress suites and the benchmark. */

export const REPO_ROOT = join(__dirname, '..', '..');
/** SIGTERM's grace before SIGKILL in stop(). */
const STOP_GRACE_MS = 15_000;
const OUTPUT_DRAIN_MS = 5_000;

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Relative to `root`; default src/main.ts. */
  script?: string;
  /** Node options placed before those of `npm start` (startNodeOptions). */
  nodeArgs?: string[];
  /** The checkout to run from: default this one (another copy for A/B comparisons). */
  root?: string;
  /** The environment `env` is laid over; default shellEnv(). */
  baseEnv?: Record<string, string>;
  /** Run `npm start` itself (the child is the npm process) instead of node directly. */
  viaNpm?: boolean;
}

export interface AnswerOptions {
  /** Default /health. */
  path?: string;
  timeoutMs?: number;
  pollMs?: number;
  /** How long one poll may wait for its answer. */
  requestTimeoutMs?: number;
}

export class ServiceProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  stdout = '';
  stderr = '';
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  /** Where it answers, if `env` chose the PORT (with PORT=0, read the URL from listening()). */
  readonly baseUrl: string;
  /** Date.now() at spawn, to place the child's own log timestamps. */
  readonly spawnedAt: number;
  private readonly spawnedAtHr: bigint;
  private pending = '';
  private readonly closed: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    env: Record<string, string>,
    options: SpawnOptions = {},
  ) {
    this.baseUrl = `http://127.0.0.1:${env.PORT}`;
    this.spawnedAtHr = process.hrtime.bigint();
    this.spawnedAt = Date.now();
    const root = options.root ?? REPO_ROOT;
    const [command, args] = options.viaNpm
      ? ['npm', ['start']]
      : [process.execPath, [...(options.nodeArgs ?? []), ...startNodeOptions(root), options.script ?? 'src/main.ts']];
    this.child = spawn(command, args, {
      cwd: root,
      env: { ...(options.baseEnv ?? shellEnv()), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.pending += chunk;
      const complete = this.pending.split('\n');
      this.pending = complete.pop()!;
      for (const line of complete) {
        if (!line.trim()) continue;
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 0, msg: line });
        }
      }
      this.notify();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        this.notify();
      });
    });
    // 'exit' can come before the last lines written to the pipes have been read; 'close' comes
    // after both, unless a descendant still holds the pipes open.
    this.closed = new Promise((resolve) => this.child.on('close', () => resolve()));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get messages(): string[] {
    return this.lines.map((line) => line.msg);
  }

  /** Log lines at error level or above (pino: 50 error, 60 fatal). */
  errors(): LogLine[] {
    return this.lines.filter((line) => line.level >= 50);
  }

  /** Milliseconds since spawn, on the monotonic clock. */
  sinceSpawnMs(): number {
    return Number(process.hrtime.bigint() - this.spawnedAtHr) / 1e6;
  }

  /** Resolves with the first log line matching, rejects if the process exits or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const check = () => {
        const line = this.lines.find((candidate) => pattern.test(candidate.msg));
        if (line || this.exit) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((waiter) => waiter !== check);
          if (line) resolve(line);
          else reject(new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before logging ${pattern}\n${this.describe()}`));
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  /** Waits for the service's own "listening" line (at LOG_LEVEL info or lower); returns the URL it names. */
  async listening(timeoutMs: number): Promise<string> {
    const line = await this.waitForLine(/^Tenantry listening on http:\/\/[^\s]+:\d+/, timeoutMs);
    return /^Tenantry listening on (http:\/\/[^\s]+:\d+)/.exec(line.msg)![1];
  }

  /** Polls `path` until it answers 200; returns the base URL. A process that never answers is
   * killed, so that a hung start cannot outlive the error. */
  async started({ path = '/health', timeoutMs = 60_000, pollMs = 100, requestTimeoutMs = 1_000 }: AnswerOptions = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before answering ${path}\n${this.describe()}`);
      if (Date.now() > deadline) {
        this.child.kill('SIGKILL');
        throw new Error(`${this.name} did not answer ${path} within ${timeoutMs} ms\n${this.describe()}`);
      }
      const ok = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(requestTimeoutMs) }).then(
        (response) => response.status === 200,
        () => false, // not listening yet
      );
      if (ok) return this.baseUrl;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Resolves with how the process ended, or rejects after timeoutMs (the process is left running). */
  async exitWithin(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
    });
    try {
      const exit = await Promise.race([this.exited, timeout]);
      // The output it wrote before exiting, read to the end (bounded: a descendant that outlives it
      // may keep the pipes open, which the caller's own checks then show).
      await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS))]);
      return exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM and wait; SIGKILL if it has not exited after the grace period. */
  async stop(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    const tail = this.lines.slice(-30).map((line) => JSON.stringify(line)).join('\n');
    return `--- ${this.name} log (last 30) ---\n${tail}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The Node options `npm start` runs its script with (what loads the TypeScript), read from
 * `root`'s package.json, so that every spawn runs exactly what `npm start` runs in that checkout. */
export function startNodeOptions(root: string = REPO_ROOT): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift(); // the shell's exec: see README, "Stopping"
  if (words[0] !== 'node' || !words[words.length - 1].endsWith('.ts')) throw new Error(`expected "start" to be \`[exec] node [options] <script>.ts\`, got: ${start}`);
  return words.slice(1, -1);
}

const running = new Set<ServiceProcess>();

/** Sends SIGKILL to every process still running, at once (so it is safe in a process 'exit'
 * handler); the promise resolves when all have exited. */
export function killAllServices(): Promise<void> {
  const all = [...running];
  for (const service of all) service.child.kill('SIGKILL');
  return Promise.all(all.map((service) => service.exited)).then(() => undefined);
}

/** What a shell would pass on, and nothing of Jest's (NODE_ENV=test would change the service's
 * mode and, with it, Apollo's signal handling) nor of this machine's Tenantry settings. */
export function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/** A loopback port free right now (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function databaseUrl(database: TestDatabase): string {
  return connectionUrl(database.connection);
}
