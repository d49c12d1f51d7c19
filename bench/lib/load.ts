import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import type { HttpMethod } from '../../src/rest/legacy-route.ts';
import { cpuMs, machineCpuMs, postgresCpuMs, postgresCpuSince, type Started } from './processes.ts';

/** One HTTP request of a load run. Each removal has its own (a different prepared member); a
 * read may be sent many times. */
export interface LoadRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  /** Answers that were a successful removal (checked on the body, not only the status). */
  ok: number;
  failed: number;
  /** A few failing bodies, for the report. */
  failures: string[];
  errors: number;
  timeouts: number;
  seconds: number;
  rps: number;
  latency: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** CPU the server process used during the run, ms per request (null when unknown). */
  serverCpuMsPerRequest: number | null;
  /** CPU this process (the load generator) used during the run, ms per request. */
  loadCpuMsPerRequest: number;
  /** CPU all PostgreSQL processes used during the run, ms per request. */
  dbCpuMsPerRequest: number;
  /** Share of the machine's CPU (all cores) that was busy during the run, whoever used it. */
  machineBusy: number;
}

/** Drives `requests` against `baseUrl` with `connections` concurrent keep-alive clients
 * (autocannon, no pipelining), each request exactly once, stopping after `capSeconds` at the
 * latest. `isSuccess` decides from status and body whether the removal really happened. */
export async function runLoad(opts: {
  baseUrl: string;
  connections: number;
  requests: LoadRequest[];
  capSeconds: number;
  isSuccess: (status: number, body: string) => boolean;
  serverPid?: number;
  /** Called with every answer's latency in ms. */
  onLatency?: (ms: number) => void;
}): Promise<LoadResult> {
  const queue = opts.requests;
  const connections = Math.min(opts.connections, queue.length);
  let next = 0;
  let ok = 0;
  let failed = 0;
  const failures: string[] = [];
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const db0 = postgresCpuMs();
  const machine0 = machineCpuMs();
  const serverCpu0 = opts.serverPid ? cpuMs(opts.serverPid) : 0;
  const t0 = process.hrtime.bigint();
  let finish!: (value: any) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<any>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: opts.baseUrl,
      connections,
      pipelining: 1,
      amount: queue.length,
      timeout: 30,
      // Latencies are recorded here per response (autocannon has no p95); its own table is off.
      requests: [
        {
          setupRequest: (req: any) => {
            const r = queue[next++ % queue.length];
            return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
          },
          onResponse: (status: number, body: string) => {
            if (opts.isSuccess(status, body)) ok++;
            else {
              failed++;
              if (failures.length < 5) failures.push(`${status} ${String(body).slice(0, 300)}`);
            }
          },
        } as any,
      ],
    } as any,
    (error: unknown, result: any) => (error ? fail(error) : finish(result)),
  );
  // autocannon notices the end on its 1-second ticker: time the run to its last answer instead.
  let lastAnswer = t0;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    lastAnswer = process.hrtime.bigint();
    latencies.push(responseTime);
    opts.onLatency?.(responseTime);
  });
  const cap = setTimeout(() => instance.stop(), opts.capSeconds * 1000);
  const result: any = await done;
  clearTimeout(cap);
  const seconds = Number(lastAnswer - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const answered = latencies.length;
  const serverCpu = opts.serverPid ? cpuMs(opts.serverPid) - serverCpu0 : null;
  const dbCpu = postgresCpuSince(db0, postgresCpuMs());
  const machine1 = machineCpuMs();
  return {
    requests: answered,
    ok,
    failed,
    failures,
    errors: result.errors ?? 0,
    timeouts: result.timeouts ?? 0,
    seconds,
    rps: answered / seconds,
    latency: summarize(latencies),
    serverCpuMsPerRequest: serverCpu === null || answered === 0 ? null : serverCpu / answered,
    loadCpuMsPerRequest: answered ? (cpu.user + cpu.system) / 1000 / answered : 0,
    dbCpuMsPerRequest: answered ? dbCpu / answered : 0,
    machineBusy: (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total),
  };
}

export function summarize(values: number[]): LoadResult['latency'] {
  if (!values.length) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { mean: sorted.reduce((s, v) => s + v, 0) / sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/** A load run with every request's latency and the machine's 1-minute load average before it. */
export interface MeasuredRun {
  result: LoadResult;
  latencies: number[];
  load1: number;
}

/** runLoad against a server the bench started, keeping each latency (percentiles are computed
 * over all requests of a cell, pooled over its rounds). */
export async function measuredRun(opts: { server: Started; requests: LoadRequest[]; connections: number; capSeconds: number; isSuccess: (status: number, body: string) => boolean }): Promise<MeasuredRun> {
  const latencies: number[] = [];
  const load1 = loadavg()[0];
  const result = await runLoad({ baseUrl: opts.server.url, connections: opts.connections, requests: opts.requests, capSeconds: opts.capSeconds, isSuccess: opts.isSuccess, serverPid: opts.server.pid, onLatency: (ms) => latencies.push(ms) });
  return { result, latencies, load1 };
}

/** One log line for a measured run. */
export function describeRun(run: MeasuredRun): string {
  const l = summarize(run.latencies);
  const r = run.result;
  return `${r.rps.toFixed(0)} req/s, p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} ms, ${r.ok}/${r.requests} ok${r.failed ? ` — ${r.failures[0]}` : ''}, CPU ms/req server ${r.serverCpuMsPerRequest?.toFixed(2)} db ${r.dbCpuMsPerRequest.toFixed(2)}, load ${run.load1.toFixed(1)}`;
}
