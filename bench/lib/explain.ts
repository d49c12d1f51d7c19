import type { ClientBase } from 'pg';
import type { Target } from './targets.ts';
import type { CapturedStatement } from './wire-proxy.ts';

export interface ExplainedStatement {
  sql: string;
  plan: string;
  planningMs: number;
  executionMs: number;
  /** Relations read by a sequential scan in the chosen plan. */
  seqScans: string[];
  /** Of those, the ones still scanned sequentially with enable_seqscan off: no usable index. */
  missingIndex: string[];
  /** Foreign-key and other trigger time, from EXPLAIN ANALYZE's "Trigger …" lines. */
  triggers: string[];
  /** Indexes the plan reads (Index Scan, Index Only Scan, Bitmap Index Scan). */
  indexes: string[];
  /** Rows the plan read from tables and indexes (the sum of each scan node's actual rows × loops):
   * what grows with the data when a plan does not use an index for its order or filter. */
  rowsRead: number;
}

/** Replays the statements one removal really sent (captured on the wire) with EXPLAIN
 * (ANALYZE, BUFFERS) against another prepared target, inside a transaction that is rolled
 * back, so the plans are exactly those of the service's SQL on this data. The replay runs twice
 * and the second pass is kept (a warm backend, as the service's pooled connections are). A
 * statement whose plan scans a table sequentially is explained once more with enable_seqscan
 * off: if the scan stays, no index can serve it; if it goes, the planner preferred the scan
 * (a small table) and an index exists. */
export async function explainRemoval(c: ClientBase, sample: CapturedStatement[], from: Target, to: Target): Promise<ExplainedStatement[]> {
  const swap = new Map([
    [from.tenantId, to.tenantId],
    [from.userId, to.userId],
    [from.managerId, to.managerId],
  ]);
  await replay(c, sample, swap);
  return replay(c, sample, swap);
}

/** The same for the statements of a read, replayed as they were sent (a read changes nothing,
 * so the same parameters serve again). */
export async function explainRead(c: ClientBase, sample: CapturedStatement[]): Promise<ExplainedStatement[]> {
  await replay(c, sample, new Map());
  return replay(c, sample, new Map());
}

async function replay(c: ClientBase, sample: CapturedStatement[], swap: Map<string, string>): Promise<ExplainedStatement[]> {
  const out: ExplainedStatement[] = [];
  await c.query('BEGIN');
  try {
    for (const s of sample) {
      if (s.protocol === 'simple' && /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(s.sql)) continue;
      const params = s.params.map((p) => (p !== null && swap.has(p) ? swap.get(p)! : p));
      const explain = async () => (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      await c.query('SAVEPOINT explain');
      const plan = await explain();
      const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]);
      let missingIndex: string[] = [];
      if (seqScans.length) {
        // Same statement again without sequential scans (undone first: it may have written).
        await c.query('ROLLBACK TO SAVEPOINT explain');
        await c.query('SET LOCAL enable_seqscan = off');
        missingIndex = [...(await explain()).matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]);
        await c.query('SET LOCAL enable_seqscan = on');
      }
      out.push({
        sql: s.sql.replace(/\s+/g, ' ').trim(),
        plan,
        planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        seqScans,
        missingIndex,
        triggers: plan.split('\n').filter((line) => line.startsWith('Trigger')),
        indexes: [...new Set([...plan.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g)].map((m) => m[1]))],
        rowsRead: rowsRead(plan),
      });
    }
  } finally {
    await c.query('ROLLBACK');
  }
  return out;
}

/** Sum over scan nodes of actual rows × loops, from EXPLAIN ANALYZE's text. */
function rowsRead(plan: string): number {
  let sum = 0;
  for (const m of plan.matchAll(/(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/g)) sum += Number(m[1]) * Number(m[2]);
  return sum;
}
