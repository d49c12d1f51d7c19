import type { BenchDatabase, Queryable } from './database.ts';
import { toUrl } from './database.ts';
import { MAIN_PROFILE, type Door } from './plan.ts';
import { readSucceeded, type ReadCase } from './reads.ts';
import { startFloor, startService, type Started } from './processes.ts';
import { claimTargets, removalSucceeded, requestFor, type Target, type Tokens } from './targets.ts';
import { WireProxy, type CapturedStatement } from './wire-proxy.ts';

export interface DoorCount {
  door: Door;
  removals: number;
  ok: number;
  /** Per removal: statements the server executed, round trips, errors. */
  statements: { min: number; max: number; mean: number };
  roundTrips: { min: number; max: number; mean: number };
  errors: number;
  /** The statements of one removal, in order. */
  sample: CapturedStatement[];
  sampleTarget: Target;
}

/** Counts SQL statements per removal end to end (authentication and authorization included),
 * from the wire: each door's server connects through a counting proxy; removals are sent one at
 * a time and the counters are read between them. */
export async function countStatements(opts: { db: BenchDatabase; c: Queryable; tokens: Tokens; jwtSecret: string; removals: number }): Promise<DoorCount[]> {
  const proxy = new WireProxy({ host: opts.db.connection.host, port: opts.db.connection.port });
  const port = await proxy.start();
  const viaProxy = toUrl({ ...opts.db.connection, host: '127.0.0.1', port });
  const servers: Partial<Record<Door, Started>> = {};
  const results: DoorCount[] = [];
  try {
    servers.graphql = await startService({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: 'service (counted)' });
    servers.rest = servers.graphql;
    servers.floor = await startFloor({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: 'floor (counted)' });
    for (const door of ['floor', 'graphql', 'rest'] as Door[]) {
      const server = servers[door]!;
      const targets = await claimTargets(opts.c, 'xl', MAIN_PROFILE, opts.removals + 1);
      // One removal first, uncounted: connections are opened and any first-use queries happen.
      await send(server.url, await requestFor(door, targets[0], opts.tokens));
      const perRemoval: { statements: number; roundTrips: number; errors: number }[] = [];
      let ok = 0;
      let sample: CapturedStatement[] = [];
      for (const t of targets.slice(1)) {
        proxy.reset();
        const { status, body } = await send(server.url, await requestFor(door, t, opts.tokens));
        if (removalSucceeded(door)(status, body)) ok++;
        await new Promise((resolve) => setTimeout(resolve, 20)); // anything sent after the answer is counted too
        const s = proxy.snapshot();
        perRemoval.push({ statements: s.statements, roundTrips: s.roundTrips, errors: s.errors });
        if (!sample.length) sample = s.captured;
      }
      results.push({
        door,
        removals: perRemoval.length,
        ok,
        statements: stats(perRemoval.map((p) => p.statements)),
        roundTrips: stats(perRemoval.map((p) => p.roundTrips)),
        errors: perRemoval.reduce((s, p) => s + p.errors, 0),
        sample,
        sampleTarget: targets[1],
      });
    }
  } finally {
    await servers.graphql?.stop();
    await servers.floor?.stop();
    await proxy.stop();
  }
  return results;
}

export interface ReadCount {
  kind: ReadCase['kind'];
  size: ReadCase['size'];
  first?: number;
  door: 'floor' | 'graphql';
  requests: number;
  ok: number;
  statements: { min: number; max: number; mean: number };
  roundTrips: { min: number; max: number; mean: number };
  sample: CapturedStatement[];
}

/** The same count for reads: each case sent `times` times to each server (after one uncounted
 * request), through the counting proxy. */
export async function countReads(opts: { db: BenchDatabase; jwtSecret: string; cases: ReadCase[]; times: number }): Promise<ReadCount[]> {
  const proxy = new WireProxy({ host: opts.db.connection.host, port: opts.db.connection.port });
  const port = await proxy.start();
  const viaProxy = toUrl({ ...opts.db.connection, host: '127.0.0.1', port });
  const out: ReadCount[] = [];
  let service: Started | undefined;
  let floor: Started | undefined;
  try {
    service = await startService({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: 'service (counted reads)' });
    floor = await startFloor({ databaseUrl: viaProxy, jwtSecret: opts.jwtSecret, poolSize: 4, name: 'floor (counted reads)' });
    for (const read of opts.cases) {
      for (const door of ['floor', 'graphql'] as const) {
        const server = door === 'floor' ? floor : service;
        const request = door === 'floor' ? read.floor : read.graphql;
        await send(server.url, request);
        const per: { statements: number; roundTrips: number }[] = [];
        let ok = 0;
        let sample: CapturedStatement[] = [];
        for (let i = 0; i < opts.times; i++) {
          proxy.reset();
          const { status, body } = await send(server.url, request);
          if (readSucceeded(status, body)) ok++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          const s = proxy.snapshot();
          per.push({ statements: s.statements, roundTrips: s.roundTrips });
          if (!sample.length) sample = s.captured;
        }
        out.push({ kind: read.kind, size: read.size, first: read.first, door, requests: per.length, ok, statements: stats(per.map((p) => p.statements)), roundTrips: stats(per.map((p) => p.roundTrips)), sample });
      }
    }
  } finally {
    await service?.stop();
    await floor?.stop();
    await proxy.stop();
  }
  return out;
}

async function send(baseUrl: string, r: { method: string; path: string; headers: Record<string, string>; body?: string }) {
  const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
  return { status: response.status, body: await response.text() };
}

function stats(values: number[]) {
  return { min: Math.min(...values), max: Math.max(...values), mean: values.reduce((s, v) => s + v, 0) / values.length };
}
