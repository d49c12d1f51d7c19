import type { BenchDatabase, Queryable } from './database.ts';
import { connectionUrl } from '../../src/db/connection.ts';
import type { LoadRequest } from './load.ts';
import { MAIN_PROFILE, type Door } from './plan.ts';
import { readSucceeded, type ReadCase } from './reads.ts';
import { startFloor, startService, type Started } from './processes.ts';
import { claimTargets, removalSucceeded, requestFor, type Target, type Tokens } from './targets.ts';
import { WireProxy, type CapturedStatement } from './wire-proxy.ts';

export interface Range {
  min: number;
  max: number;
  mean: number;
}

export interface DoorCount {
  door: Door;
  removals: number;
  ok: number;
  /** Per removal: statements the server executed, round trips, errors. */
  statements: Range;
  roundTrips: Range;
  errors: number;
  /** The statements of one removal, in order. */
  sample: CapturedStatement[];
  sampleTarget: Target;
}

/** What the proxy saw while one request was answered. */
export interface CountedRequest {
  status: number;
  body: string;
  statements: number;
  roundTrips: number;
  errors: number;
  captured: CapturedStatement[];
}

/** Sends one request to a server behind the counting proxy and returns what it cost on the wire. */
export type CountedSend = (server: 'service' | 'floor', request: LoadRequest) => Promise<CountedRequest>;

/** Starts the service (and the floor, when asked) connected to PostgreSQL through a counting
 * proxy (lib/wire-proxy.ts), runs `work` with a function that sends one request at a time and
 * reads the counters around it, then stops everything. Requests must be sent one at a time. */
export async function withCountingProxy<T>(opts: { db: BenchDatabase; jwtSecret: string; floor?: boolean; name: string }, work: (send: CountedSend) => Promise<T>): Promise<T> {
  const proxy = new WireProxy({ host: opts.db.connection.host, port: opts.db.connection.port });
  const port = await proxy.start();
  const viaProxy = connectionUrl({ ...opts.db.connection, host: '127.0.0.1', port });
  let service: Started | undefined;
  let floor: Started | undefined;
  try {
    // Without its relay: what a commit wakes it to do runs beside the request, not in it, and
    // would otherwise be counted as the request's.
    service = await startService({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: `service (${opts.name})`, extraEnv: { EVENTS_RELAY: 'false' } });
    if (opts.floor) floor = await startFloor({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: `floor (${opts.name})` });
    return await work(async (which, request) => {
      const server = which === 'floor' ? floor : service;
      if (!server) throw new Error(`no ${which} behind the counting proxy`);
      proxy.reset();
      const { status, body } = await send(server.url, request);
      await new Promise((resolve) => setTimeout(resolve, 20)); // anything sent after the answer is counted too
      return { status, body, ...proxy.snapshot() };
    });
  } finally {
    await service?.stop();
    await floor?.stop();
    await proxy.stop();
  }
}

/** Counts SQL statements per removal end to end (authentication and authorization included),
 * from the wire: each door's server connects through a counting proxy; removals are sent one at
 * a time and the counters are read between them. */
export async function countStatements(opts: { db: BenchDatabase; c: Queryable; tokens: Tokens; jwtSecret: string; removals: number }): Promise<DoorCount[]> {
  return withCountingProxy({ db: opts.db, jwtSecret: opts.jwtSecret, floor: true, name: 'counted' }, async (counted) => {
    const results: DoorCount[] = [];
    for (const door of ['floor', 'graphql', 'rest'] as Door[]) {
      const server = door === 'floor' ? 'floor' : 'service';
      const targets = await claimTargets(opts.c, 'xl', MAIN_PROFILE, opts.removals + 1);
      // One removal first, uncounted: connections are opened and any first-use queries happen.
      await counted(server, await requestFor(door, targets[0], opts.tokens));
      const per: CountedRequest[] = [];
      for (const t of targets.slice(1)) per.push(await counted(server, await requestFor(door, t, opts.tokens)));
      results.push({
        door,
        removals: per.length,
        ok: per.filter((p) => removalSucceeded(door)(p.status, p.body)).length,
        statements: stats(per.map((p) => p.statements)),
        roundTrips: stats(per.map((p) => p.roundTrips)),
        errors: per.reduce((s, p) => s + p.errors, 0),
        sample: per[0]?.captured ?? [],
        sampleTarget: targets[1],
      });
    }
    return results;
  });
}

export interface ReadCount {
  kind: ReadCase['kind'];
  size: ReadCase['size'];
  first?: number;
  door: 'floor' | 'graphql';
  requests: number;
  ok: number;
  statements: Range;
  roundTrips: Range;
  sample: CapturedStatement[];
}

/** The same count for reads: each case sent `times` times to each server (after one uncounted
 * request), through the counting proxy. */
export async function countReads(opts: { db: BenchDatabase; jwtSecret: string; cases: ReadCase[]; times: number }): Promise<ReadCount[]> {
  return withCountingProxy({ db: opts.db, jwtSecret: opts.jwtSecret, floor: true, name: 'counted reads' }, async (counted) => {
    const out: ReadCount[] = [];
    for (const read of opts.cases) {
      for (const door of ['floor', 'graphql'] as const) {
        const { lastBody: _, ...counts } = await countRepeated(counted, door === 'floor' ? 'floor' : 'service', door === 'floor' ? read.floor : read.graphql, opts.times, readSucceeded);
        out.push({ kind: read.kind, size: read.size, first: read.first, door, ...counts });
      }
    }
    return out;
  });
}

/** One request sent once uncounted, then `times` times counted: statements and round trips per
 * request, how many succeeded, and the statements of the first counted one. */
export async function countRepeated(counted: CountedSend, server: 'service' | 'floor', request: LoadRequest, times: number, isSuccess: (status: number, body: string) => boolean) {
  await counted(server, request);
  const per: CountedRequest[] = [];
  for (let i = 0; i < times; i++) per.push(await counted(server, request));
  return {
    requests: per.length,
    ok: per.filter((p) => isSuccess(p.status, p.body)).length,
    statements: stats(per.map((p) => p.statements)),
    roundTrips: stats(per.map((p) => p.roundTrips)),
    sample: per[0]?.captured ?? [],
    lastBody: per.at(-1)?.body ?? '',
  };
}

async function send(baseUrl: string, r: LoadRequest) {
  const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
  return { status: response.status, body: await response.text() };
}

export function stats(values: number[]): Range {
  return { min: Math.min(...values), max: Math.max(...values), mean: values.reduce((s, v) => s + v, 0) / values.length };
}
