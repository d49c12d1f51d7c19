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
  /** The plan is PostgreSQL's generic plan of a prepared statement (explainRead's `prepared`). */
  generic: boolean;
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
  const swapped = (p: string) => swap.get(p) ?? p;
  await replay(c, sample, swapped);
  return replay(c, sample, swapped);
}

/** The same for the statements of a bulk removal: every id of `from` in a parameter (an array
 * parameter holds many) replaced by the id at the same place in `to`. */
export async function explainBulk(c: ClientBase, sample: CapturedStatement[], from: Target[], to: Target[]): Promise<ExplainedStatement[]> {
  if (from.length !== to.length) throw new Error('explainBulk: as many fresh targets as the sample removed');
  const swap = new Map(from.map((t, i) => [t.userId, to[i].userId]));
  const swapped = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => swap.get(id) ?? id);
  await replay(c, sample, swapped);
  return replay(c, sample, swapped);
}

/** The same for the statements of a read, replayed as they were sent (a read changes nothing,
 * so the same parameters serve again). With `prepared`, each statement is explained as the
 * service runs it after a few requests: the service names its statements (src/db/client.ts), so
 * PostgreSQL keeps them prepared per connection and, from the sixth execution on, may run one
 * generic plan for any parameters. The statement is PREPAREd, EXECUTEd PLAN_CACHE_WARMUP times
 * and then explained with EXPLAIN ANALYZE EXECUTE: the plan the plan cache chose, generic or
 * custom. (Sequential scans are still re-checked on the unprepared statement.) */
export async function explainRead(c: ClientBase, sample: CapturedStatement[], opts: { prepared?: boolean } = {}): Promise<ExplainedStatement[]> {
  await replay(c, sample, (p) => p, opts.prepared === true);
  return replay(c, sample, (p) => p, opts.prepared === true);
}

/** Executions after which PostgreSQL's plan cache may switch a prepared statement to its
 * generic plan (it plans the first five with the parameters' values). */
const PLAN_CACHE_WARMUP = 6;
let prepares = 0;

async function replay(c: ClientBase, sample: CapturedStatement[], swap: (param: string) => string, prepared = false): Promise<ExplainedStatement[]> {
  const out: ExplainedStatement[] = [];
  await c.query('BEGIN');
  try {
    for (const s of sample) {
      if (s.protocol === 'simple' && /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(s.sql)) continue;
      const params = s.params.map((p) => (p === null ? p : swap(p)));
      // A setting (SET LOCAL plan_cache_mode, src/db/custom-plans.ts) has no plan: it is applied,
      // as the service applied it, to the statements after it.
      if (/^\s*(\/\*[\s\S]*?\*\/\s*)*SET\b/i.test(s.sql)) {
        await c.query(s.sql, params);
        continue;
      }
      const text = (result: { rows: { 'QUERY PLAN': string }[] }) => result.rows.map((r) => r['QUERY PLAN']).join('\n');
      const explain = async () => text(await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, params));
      // (A prepared statement outlives a rolled-back transaction: each gets a name of its own.)
      const name = `bench_explain_${++prepares}`;
      const explainPrepared = async () => {
        const args = params.length ? `(${params.map((p) => (p === null ? 'NULL' : c.escapeLiteral(p))).join(', ')})` : '';
        await c.query(`PREPARE ${name} AS ${s.sql}`);
        for (let i = 0; i < PLAN_CACHE_WARMUP; i++) await c.query(`EXECUTE ${name}${args}`);
        const before = await planCounts(c, name);
        const explained = text(await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${name}${args}`));
        generic = (await planCounts(c, name)).generic > before.generic;
        return explained;
      };
      let generic = false;
      await c.query('SAVEPOINT explain');
      // A binary parameter has no text literal for EXECUTE, and PostgreSQL may not infer every
      // parameter's type from the text alone: such a statement is explained unprepared.
      const plan =
        prepared && s.params.every((p) => p === null || !p.startsWith('\\x'))
          ? await explainPrepared().catch(async () => {
              await c.query('ROLLBACK TO SAVEPOINT explain');
              return explain();
            })
          : await explain();
      if (prepared) await c.query(`SELECT 1 FROM pg_prepared_statements WHERE name = $1`, [name]).then((r) => (r.rowCount ? c.query(`DEALLOCATE ${name}`) : undefined));
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
        generic,
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

/** How often PostgreSQL used the generic and a custom plan of a prepared statement. */
async function planCounts(c: ClientBase, name: string): Promise<{ generic: number; custom: number }> {
  const { rows } = await c.query<{ generic: string; custom: string }>(`SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = $1`, [name]);
  return { generic: Number(rows[0]?.generic ?? 0), custom: Number(rows[0]?.custom ?? 0) };
}

/** Sum over scan nodes of actual rows × loops, from EXPLAIN ANALYZE's text. */
function rowsRead(plan: string): number {
  let sum = 0;
  for (const m of plan.matchAll(/(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/g)) sum += Number(m[1]) * Number(m[2]);
  return sum;
}
