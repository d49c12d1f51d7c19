import type { BenchResults, ReadRun } from '../run.ts';
import { SIZES, type SizeClass } from './plan.ts';
import { READ_LABEL, type ReadKind } from './reads.ts';
import { f0, f1, f2, pct, rangeText, roundsCell, yes } from './report.ts';

const READ_GOALS = { ratio: 0.5, sizeRatio: 1.2 };
const MEMBER_KINDS: ReadKind[] = ['members-first', 'members-deep', 'members-search'];
const DOOR: Record<ReadRun['door'], string> = { floor: 'floor (node:http + pg)', graphql: 'GraphQL' };
const where = (size: SizeClass | null) => (size ? `${SIZES[size].label} tenant` : '');

/** A read cell over its rounds: median req/s, the median of each round's ratio to the floor run
 * beside it, latency percentiles over all its requests. */
function readCell(r: BenchResults, kind: ReadKind, size: SizeClass | null, connections: number, door: ReadRun['door']) {
  const same = (x: ReadRun) => x.kind === kind && x.size === size && x.connections === connections;
  return roundsCell(
    r.reads.filter((x) => same(x) && x.door === door),
    (x) => r.reads.find((f) => same(f) && f.round === x.round && f.door === 'floor'),
  );
}

/** The reads' rows of the one table of goals. */
export function readGoals(r: BenchResults): string[] {
  const rows: string[] = [];
  for (const m of r.readMismatches) rows.push(`| The floor serves the same JSON as GraphQL | ${m} | **not met** |`);
  const ratioRow = (kind: ReadKind, size: SizeClass | null, goal: string) => {
    const g = readCell(r, kind, size, 16, 'graphql');
    if (!g) return;
    const met = g.ratio >= READ_GOALS.ratio;
    // Not met: what GraphQL spends that the floor does not, from measured data.
    const floor = readCell(r, kind, size, 16, 'floor');
    const count = (door: ReadRun['door']) => r.readCounts.find((n) => n.kind === kind && n.size === size && n.door === door && (n.first ?? 50) === 50);
    const [ng, nf] = [count('graphql'), count('floor')];
    const limits =
      met || !floor
        ? ''
        : `; CPU ms per read GraphQL / floor: server ${f2(g.cpu)} / ${f2(floor.cpu)}, database ${f2(g.dbCpu)} / ${f2(floor.dbCpu)}${ng && nf ? `; statements ${rangeText(ng.statements)} / ${rangeText(nf.statements)}` : ''}`;
    rows.push(`| ${goal} | ${pct(g.ratio)} (${f0(g.rps)} req/s)${limits} | ${yes(met)} |`);
  };
  for (const kind of MEMBER_KINDS) ratioRow(kind, 'xl', `Members page (${READ_LABEL[kind].replace('members, ', '')}, 100,000 members): GraphQL ≥ 50 % of the floor at 16 clients`);
  for (const kind of MEMBER_KINDS) {
    const big = readCell(r, kind, 'xl', 1, 'graphql');
    const small = readCell(r, kind, 'm', 1, 'graphql');
    const rows100k = r.readExplain.find((e) => e.kind === kind && e.size === 'xl')?.statements.reduce((s, x) => s + x.rowsRead, 0);
    const rows1k = r.readExplain.find((e) => e.kind === kind && e.size === 'm')?.statements.reduce((s, x) => s + x.rowsRead, 0);
    if (big && small) {
      const ratio = big.lat.p50 / small.lat.p50;
      rows.push(
        `| Members page (${READ_LABEL[kind].replace('members, ', '')}): GraphQL p50 at 100,000 members within 1.2 × p50 at 1,000 (1 client) | ${f2(big.lat.p50)} vs ${f2(small.lat.p50)} ms = ${f2(ratio)}×${rows100k !== undefined && rows1k !== undefined ? ` (rows read, all statements: ${rows100k} vs ${rows1k})` : ''} | ${yes(ratio <= READ_GOALS.sizeRatio)} |`,
      );
    }
  }
  const bySize = r.readCounts.filter((n) => n.kind === 'members-first' && n.size === 'xl' && n.door === 'graphql').sort((a, b) => (a.first ?? 0) - (b.first ?? 0));
  if (bySize.length > 1) {
    const constant = new Set(bySize.map((n) => `${n.statements.min}-${n.statements.max}`)).size === 1;
    rows.push(`| Members page: statements per request constant in page size (GraphQL) | ${bySize.map((n) => `first ${n.first}: ${rangeText(n.statements)}`).join(', ')} | ${yes(constant)} |`);
  }
  ratioRow('my-tenants', null, 'myTenants, a user in 500 tenants: GraphQL ≥ 50 % of the floor at 16 clients');
  ratioRow('dashboard', 'm', 'Tenant dashboard query (1,000 members): GraphQL ≥ 50 % of the floor at 16 clients');
  if (r.readExplain.length) {
    const missing = r.readExplain.flatMap((e) => e.statements.flatMap((s) => s.missingIndex.map((t) => `${t} (${e.kind}, ${e.size ?? '-'})`)));
    const seq = [...new Set(r.readExplain.flatMap((e) => e.statements.flatMap((s) => s.seqScans.filter((t) => !s.missingIndex.includes(t)))))];
    rows.push(
      `| Every statement of the reads can use an index (EXPLAIN ANALYZE; a sequential scan re-checked with enable_seqscan off) | ${missing.length ? `no index for: ${missing.join(', ')}` : 'an index serves every table read'}${seq.length ? `; the planner prefers a sequential scan of ${seq.join(', ')}` : ''} | ${yes(missing.length === 0)} |`,
    );
  }
  return rows;
}

/** The reads' sections of RESULTS.md: throughput and latency, size, statements, plans. */
export function readSections(r: BenchResults): string[] {
  if (!r.reads.length && !r.readCounts.length) return [];
  const out: string[] = [];
  const w = (...lines: string[]) => out.push(...lines);
  const p = r.plan;
  const cases = [...new Map(r.reads.map((x) => [`${x.kind}:${x.size}`, { kind: x.kind, size: x.size }])).values()];
  w(
    '## Dashboard reads',
    '',
    `What admin dashboards send, through GraphQL and through the floor's read routes (\`bench/floor/reads.ts\`: one statement per read, the JSON built by PostgreSQL), which answer the same JSON — the bench compares both answers before measuring a case. ` +
      `${p.readRounds} round(s) per cell, floor and GraphQL back to back (order alternating); ${Object.entries(p.readRequestsAt)
        .map(([c, n]) => `${n} requests at ${c} client(s)`)
        .join(', ')} per run. Members: \`tenant(id) { members(first: 50) { edges { node { user { email } roles { name } viewerCanRemove } } pageInfo { hasNextPage endCursor } } }\` as the tenant's manager; ` +
      `the deep page starts after ${'1,000'} pages of 50 in the 100,000-member tenant (10 in the 1,000-member one); the search is \`emailPrefix\` matching one member in nine. ` +
      'myTenants: `{ myTenants { id name viewerCanManageUsers } }` for a user in 500 tenants (manager in a third). Dashboard: `test/helpers/tenant-dashboard.ts` as the manager of a 1,000-member tenant.',
    '',
    '| read | tenant | clients | door | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | CPU ms/req server / db / load gen | ok | load avg |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|',
  );
  for (const { kind, size } of cases)
    for (const c of [1, 16])
      for (const door of ['floor', 'graphql'] as const) {
        const x = readCell(r, kind, size, c, door);
        if (!x) continue;
        w(
          `| ${READ_LABEL[kind]} | ${size ? SIZES[size].label : '–'} | ${c} | ${DOOR[door]} | ${f0(x.rps)} | ${door === 'floor' ? '1' : pct(x.ratio)} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} / ${f2(x.lgCpu)} | ${x.ok}/${x.requests} | ${f1(x.load1)} |`,
        );
      }
  w('');
  if (r.readCounts.length) {
    w(
      '### Statements per read',
      '',
      'Counted on the wire as for the removal (`bench/lib/wire-proxy.ts`), one request at a time; the members page also at first: 10 and 100.',
      '',
      '| read | tenant | first | door | statements | round trips | ok |',
      '|---|---|---:|---|---:|---:|---:|',
    );
    for (const n of r.readCounts) w(`| ${READ_LABEL[n.kind]} | ${n.size ? SIZES[n.size].label : '–'} | ${n.first ?? '–'} | ${DOOR[n.door]} | ${rangeText(n.statements)} | ${rangeText(n.roundTrips)} | ${n.ok}/${n.requests} |`);
    w('');
  }
  if (r.readExplain.length) {
    w(
      '### Plans of the reads',
      '',
      'Each statement GraphQL sent for a read (captured on the wire) replayed with `EXPLAIN (ANALYZE, BUFFERS)` as a prepared statement, executed until PostgreSQL settles on the plan it keeps (the service names its statements, so that is the plan it runs), second pass kept. Rows read: the sum of actual rows × loops over the scan nodes — what grows with the tenant when no index gives the order or the filter.',
      '',
      '| read | tenant | # | statement | plan + run ms | rows read | indexes | sequential scans |',
      '|---|---|---:|---|---:|---:|---|---|',
    );
    for (const e of r.readExplain)
      e.statements.forEach((s, i) =>
        w(
          `| ${READ_LABEL[e.kind]} | ${where(e.size) || '–'} | ${i + 1} | \`${s.sql.slice(0, 60)}…\` | ${f2(s.planningMs)} + ${f2(s.executionMs)} | ${s.rowsRead} | ${s.indexes.join(', ') || '–'} | ${s.seqScans.map((t) => `${t} (${s.missingIndex.includes(t) ? '**no index**' : 'index exists'})`).join(', ') || 'none'} |`,
        ),
      );
    w('', '<details><summary>Plans of the members page in the 100,000-member tenant</summary>', '');
    for (const e of r.readExplain.filter((x) => x.size === 'xl')) for (const s of e.statements) w('```', `-- ${READ_LABEL[e.kind]}`, s.sql.slice(0, 600), '', s.plan, '```', '');
    w('</details>', '');
  }
  return out;
}
