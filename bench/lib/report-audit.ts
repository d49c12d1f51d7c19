import type { BenchResults } from '../run.ts';
import { AUDIT_EVENTS, AUDIT_LABEL, AUDIT_VARIANTS, type AuditCount, type AuditSize, type AuditVariant } from './audit.ts';
import type { ExplainedStatement } from './explain.ts';
import { f2, pooled, rangeText, yes } from './report.ts';

const AUDIT_GOALS = { sizeRatio: 1.2 };
const EVENTS = (size: AuditSize) => AUDIT_EVENTS[size].toLocaleString('en-US');

function auditCell(r: BenchResults, variant: AuditVariant, size: AuditSize) {
  return pooled(r.audit?.runs.filter((x) => x.variant === variant && x.size === size) ?? []);
}

const countOf = (r: BenchResults, variant: AuditVariant, size: AuditSize) => r.audit?.counts.find((n) => n.variant === variant && n.size === size);
/** The page's statement: the one that reads audit_events. */
const pageStatement = (n: AuditCount | undefined): ExplainedStatement | undefined => n?.explain.find((s) => /\bFROM audit_events\b/.test(s.sql));
/** Rows the database discarded after reading them (EXPLAIN ANALYZE's "Rows Removed by Filter"). */
const rowsFiltered = (s: ExplainedStatement) => [...s.plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);

function planText(s: ExplainedStatement | undefined): string {
  if (!s) return 'not explained';
  return `${f2(s.executionMs)} ms${s.generic ? ' (generic plan)' : ''}, ${s.rowsRead.toLocaleString('en-US')} rows read${rowsFiltered(s) ? ` (${rowsFiltered(s).toLocaleString('en-US')} discarded by a filter)` : ''}${s.seqScans.length ? `, seq scan of ${s.seqScans.join(', ')}` : ''}`;
}

/** The audit page's rows of the one table of goals. */
export function auditGoals(r: BenchResults): string[] {
  if (!r.audit) return [];
  const rows: string[] = [];
  for (const variant of AUDIT_VARIANTS) {
    const big = auditCell(r, variant, 'xl');
    const small = auditCell(r, variant, 'm');
    if (!big || !small) continue;
    const ratio = big.lat.p50 / small.lat.p50;
    const [pb, ps] = [pageStatement(countOf(r, variant, 'xl')), pageStatement(countOf(r, variant, 'm'))];
    const ok = ratio <= AUDIT_GOALS.sizeRatio && big.ok === big.requests && small.ok === small.requests;
    const [nb, ns] = [countOf(r, variant, 'xl'), countOf(r, variant, 'm')];
    rows.push(
      `| Audit page (${AUDIT_LABEL[variant]}): GraphQL p50 at ${EVENTS('xl')} events within 1.2 × at ${EVENTS('m')} (1 client) | ${f2(big.lat.p50)} vs ${f2(small.lat.p50)} ms = ${f2(ratio)}×; ` +
        `events on the page ${nb?.pageRows ?? '–'} vs ${ns?.pageRows ?? '–'}; CPU ms/req server ${f2(big.cpu)} vs ${f2(small.cpu)}, database ${f2(big.dbCpu)} vs ${f2(small.dbCpu)}; ` +
        `page statement (EXPLAIN ANALYZE): ${planText(pb)} vs ${planText(ps)}${big.ok < big.requests || small.ok < small.requests ? `; **failed requests** ${big.requests - big.ok} / ${small.requests - small.ok}` : ''} | ${yes(ok)} |`,
    );
  }
  const explained = r.audit.counts.flatMap((n) => n.explain.map((s) => ({ n, s })));
  if (explained.length) {
    // The plan PostgreSQL chose, not whether an index exists: a sequential scan the planner
    // prefers is still what every page pays.
    const scans = explained.filter(({ s }) => s.seqScans.length);
    const where = (list: typeof explained, pick: (s: ExplainedStatement) => string[]) =>
      [...new Set(list.flatMap(({ n, s }) => pick(s).map((t) => `${t} (${n.variant}, ${EVENTS(n.size)})`)))].join(', ');
    const missing = where(scans, (s) => s.missingIndex);
    const preferred = where(scans, (s) => s.seqScans.filter((t) => !s.missingIndex.includes(t)));
    // A filter no index serves: the page walks the trail's order and discards what does not
    // match — more rows the bigger the trail (a common action discards about as many in both).
    const unserved = r.audit.counts
      .filter((n) => n.size === 'xl')
      .flatMap((n) => {
        const [s, small] = [pageStatement(n), pageStatement(countOf(r, n.variant, 'm'))];
        if (!s || !small) return [];
        const [big, little] = [rowsFiltered(s), rowsFiltered(small)];
        return big > 2 * (little + n.pageRows) ? [`${n.variant} (${big.toLocaleString('en-US')} rows discarded for ${n.pageRows} shown; ${little.toLocaleString('en-US')} at ${EVENTS('m')} events)`] : [];
      });
    const problems = [
      missing && `no index for ${missing}`,
      preferred && `the planner prefers a sequential scan (an index exists) of ${preferred}`,
      unserved.length && `filters applied after the index, at ${EVENTS('xl')} events: ${unserved.join(', ')}`,
    ].filter(Boolean);
    rows.push(
      `| Every statement of the audit page reads through an index that serves its filter (EXPLAIN ANALYZE of the plans the service runs, every filter, both trails) | ${problems.length ? problems.join('; ') : 'an index serves every table read and every filter'} | ${yes(problems.length === 0)} |`,
    );
  }
  return rows;
}

/** The audit page's section of RESULTS.md. */
export function auditSections(r: BenchResults): string[] {
  const a = r.audit;
  if (!a) return [];
  const out: string[] = [];
  const w = (...lines: string[]) => out.push(...lines);
  const p = r.plan;
  w(
    '## Audit trail page',
    '',
    `\`tenant(id) { auditEvents(first: 50, filter: …) { edges { node { id action occurredAt actor { id email } targetUser { id email } requestId batchId details viewerCanReinstate } } pageInfo { hasNextPage endCursor } } }\` (what the legacy GET …/audit-events route asks for) as the tenant's manager, ` +
      `in the 100,000-member tenant's trail and a 1,000-member tenant's. ` +
      `The trails are filled up to ${EVENTS('xl')} and ${EVENTS('m')} events when the section runs (\`bench/lib/audit.ts\`, one INSERT … SELECT over generate_series each${a.seed.inserted ? `: ${a.seed.inserted.toLocaleString('en-US')} rows in ${a.seed.seconds.toFixed(0)} s` : ''}), in time order over two years: ` +
      'fourteen actions (role and dataset-permission changes most, an ownership transfer one in a thousand), by the manager, the owner, 48 delegated managers or the member themselves, naming the tenant\'s members; removals carry the details a real removal records. ' +
      `Events when measured: ${a.seed.trails.map((t) => `${t.events.toLocaleString('en-US')} (${t.size === 'xl' ? '100,000' : '1,000'}-member tenant)`).join(', ')} — earlier sections' removals included. ` +
      `${p.auditRounds} round(s) of ${p.auditRequests} requests per case at 1 client, each variant in both trails back to back (order alternating); latencies pooled.`,
    '',
    '| filter | events | p50 ms | p95 ms | p99 ms | CPU ms/req server / db | events on the page | statements | page statement: run ms, rows read | indexes | ok |',
    '|---|---:|---:|---:|---:|---|---:|---:|---|---|---:|',
  );
  for (const variant of AUDIT_VARIANTS)
    for (const size of ['xl', 'm'] as AuditSize[]) {
      const x = auditCell(r, variant, size);
      const n = countOf(r, variant, size);
      const s = pageStatement(n);
      if (!x) continue;
      w(
        `| ${AUDIT_LABEL[variant]} | ${EVENTS(size)} | ${f2(x.lat.p50)} | ${f2(x.lat.p95)} | ${f2(x.lat.p99)} | ${f2(x.cpu)} / ${f2(x.dbCpu)} | ${n?.pageRows ?? '–'} | ${n ? rangeText(n.statements) : '–'} | ${s ? `${f2(s.executionMs)}${s.generic ? ' (generic)' : ''}, ${s.rowsRead.toLocaleString('en-US')}${s.seqScans.length ? `, seq scan of ${s.seqScans.join(', ')}` : ''}` : '–'} | ${n ? [...new Set(n.explain.flatMap((e) => e.indexes))].join(', ') || '–' : '–'} | ${x.ok}/${x.requests} |`,
      );
    }
  w(
    '',
    'Statements counted on the wire (`bench/lib/wire-proxy.ts`) and replayed with `EXPLAIN (ANALYZE, BUFFERS)` (`bench/lib/explain.ts`) as the service runs them: the service names its statements, so PostgreSQL keeps them prepared and from the sixth execution on may use one generic plan; each is PREPAREd, executed six times, then explained with `EXPLAIN ANALYZE EXECUTE` (second pass kept; a sequential scan re-checked unprepared with `enable_seqscan = off`). Rows read: actual rows × loops over the scan nodes.',
    '',
  );
  w('<details><summary>Plans of the page statement</summary>', '');
  for (const n of a.counts) {
    const s = pageStatement(n);
    if (s) w('```', `-- ${AUDIT_LABEL[n.variant]}, ${EVENTS(n.size)} events`, s.sql.slice(0, 900), '', s.plan, '```', '');
  }
  w('</details>', '');
  return out;
}
