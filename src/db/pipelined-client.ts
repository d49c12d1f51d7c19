import pg from 'pg';

/** Marks a statement whose answer nobody reads (a row lock): on a pipelined connection it is
 * written and answered at once, so the statement after it travels in the same flight. The SQL
 * must start with it (leading whitespace aside); the answer is empty. */
export const UNAWAITED = '/* unawaited */';

/** What pg presents for BEGIN, and for an unawaited statement. */
const BEGUN: Partial<pg.QueryResult> = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] };
const NOTHING_READ: Partial<pg.QueryResult> = { command: 'SELECT', rowCount: 0, oid: 0, rows: [], fields: [] };

/** The answer to give at once for a statement that is not awaited, or undefined for one that is. */
function answerAtOnce(config: unknown, rest: unknown[]): Partial<pg.QueryResult> | undefined {
  if (rest.some((arg) => typeof arg === 'function')) return undefined;
  const text = typeof config === 'string' ? config : (config as { text?: unknown; submit?: unknown } | null)?.submit ? undefined : (config as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return undefined;
  if (text === 'BEGIN') return BEGUN;
  return text.trimStart().startsWith(UNAWAITED) ? NOTHING_READ : undefined;
}

/** A pg client in pipeline mode (`pipeline: true`: each query is written at once, not after the
 * answer to the one before) that does not wait for BEGIN, nor for a statement marked UNAWAITED.
 *
 * @prisma/adapter-pg opens a transaction by awaiting BEGIN alone, and Prisma runs a
 * transaction's statements one after the other: each would be a round trip of its own. Here
 * BEGIN and each unawaited statement are written and answered at once (their answers carry
 * nothing anyone reads), so the next statement is written right behind them. Their outcome is
 * reported by the next awaited query on the connection (the next statement, or COMMIT /
 * ROLLBACK), which then fails with the first of their errors: PostgreSQL aborts the transaction
 * there, so what follows could only say so. Every query still goes through the adapter's own
 * code, so its arguments, type parsing and error conversion are unchanged. */
export class PipelinedClient extends pg.Client {
  /** Statements sent and not yet reported to anyone. */
  private unreported: Promise<unknown>[] = [];

  constructor(config: pg.ClientConfig = {}) {
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }

  // pg's overloads cannot be restated one by one; the arguments pass through untouched.
  override query(...args: unknown[]): never {
    const [config, ...rest] = args;
    const send = () => (super.query as (...a: unknown[]) => unknown).apply(this, args);
    const atOnce = answerAtOnce(config, rest);
    if (atOnce) {
      const sent = send() as Promise<unknown>;
      // Reported by the next query; never an unhandled rejection meanwhile.
      sent.catch(() => undefined);
      this.unreported.push(sent);
      return Promise.resolve({ ...atOnce }) as never;
    }
    const unreported = this.unreported;
    if (!unreported.length || rest.some((arg) => typeof arg === 'function')) return send() as never;
    this.unreported = [];
    const sent = send() as Promise<unknown>;
    return Promise.all(unreported).then(
      () => sent,
      (error: unknown) => {
        sent.catch(() => undefined);
        throw error;
      },
    ) as never;
  }

  /** A connection going back to the pool carries nothing of its last transaction. */
  forgetUnreported(): void {
    this.unreported = [];
  }
}
