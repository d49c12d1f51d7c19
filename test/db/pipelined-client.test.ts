import type pg from 'pg';
import { PipelinedClient, UNAWAITED } from '../../src/db/pipelined-client.ts';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.ts';

/** The pipelined client on a real connection: what it answers at once, and where a statement
 * that was not awaited reports its failure. */
describe('a pipelined connection', () => {
  let db: TestDatabase;
  let client: PipelinedClient;
  /** pg's query, typed as pg types it (PipelinedClient passes its overloads through untouched). */
  const query = (sql: string) => client.query(sql) as unknown as Promise<pg.QueryResult>;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    client = new PipelinedClient(db.connection);
    await client.connect();
  });
  afterEach(() => client.end());

  it('answers an unawaited statement at once with no rows, and runs it before the next one', async () => {
    await query('BEGIN');
    const answer = await query(`${UNAWAITED} SET LOCAL statement_timeout = 4321`);
    expect(answer.rows).toEqual([]);
    const { rows } = await query('SHOW statement_timeout');
    expect(rows).toEqual([{ statement_timeout: '4321ms' }]);
    await query('COMMIT');
  });

  it("reports an unawaited statement's failure on the next query, with that statement's own error", async () => {
    await query('BEGIN');
    await query(`${UNAWAITED} SELECT 1 / 0`);
    await expect(query('SELECT 1 AS one')).rejects.toMatchObject({ code: '22012' });
    await query('ROLLBACK');
    const { rows } = await query('SELECT 2 AS two');
    expect(rows).toEqual([{ two: 2 }]);
  });

  it('reports the first of several failures, and ROLLBACK reports one left unreported', async () => {
    await query('BEGIN');
    await query(`${UNAWAITED} SELECT 1 / 0`);
    await query(`${UNAWAITED} SELECT 'not a number'::int`);
    await expect(query('ROLLBACK')).rejects.toMatchObject({ code: '22012' });
    const { rows } = await query('SELECT 3 AS three');
    expect(rows).toEqual([{ three: 3 }]);
  });

  it('forgets what it did not report once the connection is handed back', async () => {
    await query('BEGIN');
    await query(`${UNAWAITED} SELECT 1 / 0`);
    client.forgetUnreported();
    // The transaction on the server is still aborted: ROLLBACK itself succeeds.
    await query('ROLLBACK');
    const { rows } = await query('SELECT 4 AS four');
    expect(rows).toEqual([{ four: 4 }]);
  });

  it('awaits a statement without the mark as pg does', async () => {
    await query('BEGIN');
    await expect(query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
    await query('ROLLBACK');
  });
});
