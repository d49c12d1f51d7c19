import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { onRealPostgres } from '../../helpers/database.ts';

/** Sizes for the stress suites: small by default (part of `npm test`, seconds per file), full
 * with STRESS=1 (`npm run test:stress`). A single size can be forced with STRESS_<NAME>=n. */
export const FULL = process.env.STRESS === '1' || process.env.STRESS === 'true';
export const MODE = FULL ? 'full' : 'small';
export const DATABASE_KIND = onRealPostgres ? 'postgres' : 'embedded';

export function size(name: string, small: number, full: number): number {
  const forced = process.env[`STRESS_${name}`];
  if (forced && /^\d+$/.test(forced)) return Number(forced);
  return FULL ? full : small;
}

/** The seed of a run: STRESS_SEED when given (to replay a failure), else a fixed default. */
export function seedFrom(fallback: number): number {
  const given = process.env.STRESS_SEED;
  return given && /^\d+$/.test(given) ? Number(given) : fallback;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same run. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** 0 ≤ n < max */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[this.int(items.length)];
  }
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** Counts by key, printed sorted. */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }
  get(key: string): number {
    return this.counts[key] ?? 0;
  }
  total(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }
  sorted(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)));
  }
}

export function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    // Other work on the machine skews every timing here: the 1-minute load average at the end of the suite.
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
  };
}

/** Prints a suite's figures and leaves them as JSON (STRESS_REPORT_DIR, default the temp dir)
 * for docs/RELIABILITY.md. */
export function report(suite: string, figures: Record<string, unknown>): void {
  const body = { suite, mode: MODE, database: DATABASE_KIND, machine: machine(), at: new Date().toISOString(), ...figures };
  const dir = process.env.STRESS_REPORT_DIR ?? join(tmpdir(), 'tenantry-stress');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${suite}-${DATABASE_KIND}-${MODE}.json`);
  writeFileSync(file, JSON.stringify(body, null, 2));
  console.log(`[stress] ${suite} (${MODE}, ${DATABASE_KIND}) → ${file}\n${JSON.stringify(body, null, 2)}`);
}

/** A skip reason that shows even when Jest hides the console of a suite whose tests all skipped. */
export function announce(message: string): void {
  process.stderr.write(`${message}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
