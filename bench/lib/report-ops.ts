import type { BenchResults, IdemRun } from '../run.ts';
import { f0, f1, f2, pct, roundsCell, yes } from './report.ts';

// The operations around the removal (issue "Removal an admin can trust"), measured against the
// removal itself: Idempotency-Key.

const DOOR: Record<IdemRun['door'], string> = { graphql: 'GraphQL', rest: 'legacy DELETE' };
const OPS_GOALS = { keyedRatio: 0.9 };

function idemCell(r: BenchResults, door: IdemRun['door'], kind: IdemRun['kind'], connections: number) {
  return roundsCell(
    r.idem.filter((x) => x.door === door && x.kind === kind && x.connections === connections),
    (x) => r.idem.find((p) => p.door === door && p.kind === 'plain' && p.connections === connections && p.round === x.round),
  );
}

/** The operations' rows of the one table of goals. */
export function opsGoals(r: BenchResults): string[] {
  const rows: string[] = [];
  for (const door of ['graphql', 'rest'] as const) {
    const keyed = idemCell(r, door, 'keyed', 16);
    if (keyed) rows.push(`| Removal with an Idempotency-Key (${DOOR[door]}): throughput ≥ 90 % of one without, 16 clients, many tenants | ${pct(keyed.ratio)} (${f0(keyed.rps)} req/s) | ${yes(keyed.ratio >= OPS_GOALS.keyedRatio)} |`);
  }
  for (const door of ['graphql', 'rest'] as const) {
    const removal = idemCell(r, door, 'keyed', 1);
    const replay = idemCell(r, door, 'replay', 1);
    if (removal && replay)
      rows.push(
        `| A replayed Idempotency-Key answer is cheaper than the removal (${DOOR[door]}, p50 at 1 client) | replay ${f2(replay.lat.p50)} ms vs removal ${f2(removal.lat.p50)} ms (server CPU ${f2(replay.cpu)} vs ${f2(removal.cpu)} ms/request) | ${yes(replay.lat.p50 < removal.lat.p50)} |`,
      );
  }
  return rows;
}

/** The operations' sections of RESULTS.md. */
export function opsSections(r: BenchResults): string[] {
  const out: string[] = [];
  const w = (...lines: string[]) => out.push(...lines);
  if (r.idem.length) {
    const p = r.plan;
    w(
      '## Idempotency-Key',
      '',
      `Removals in the 1,000-member tenants (profile R10/A10) with a fresh \`Idempotency-Key\` each against removals without one: ${p.idemRounds} round(s), ${p.idemRequestsAt[16]} removals per run at 16 clients, keyed and plain back to back (order alternating); ratio: median of each round's keyed / plain. ` +
        `Then ${p.idemRequestsAt[1]} keyed removals at 1 client and the same requests again: each a replay of the stored answer (the member is gone, so only a replay answers 200 with the receipt).`,
      '',
      '| door | requests | clients | req/s | keyed / plain | p50 ms | p95 ms | p99 ms | CPU ms/req server / db | ok | load avg |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    );
    for (const door of ['graphql', 'rest'] as const)
      for (const [kind, c] of [['plain', 16], ['keyed', 16], ['keyed', 1], ['replay', 1]] as const) {
        const x = idemCell(r, door, kind, c);
        if (!x) continue;
        w(`| ${DOOR[door]} | ${kind === 'plain' ? 'removal, no key' : kind === 'keyed' ? 'removal with a key' : 'replay'} | ${c} | ${f0(x.rps)} | ${kind === 'keyed' && c === 16 ? pct(x.ratio) : '–'} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} | ${x.ok}/${x.requests} | ${f1(x.load1)} |`);
      }
    w('');
  }
  return out;
}
