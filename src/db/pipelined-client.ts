import pg from 'pg';

/** What PostgreSQL answers to BEGIN, as pg presents it. */
const BEGUN: Partial<pg.QueryResult> = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] };

function isBegin(config: unknown, rest: unknown[]): boolean {
  if (rest.some((arg) => typeof arg === 'function')) return false;
  const text = typeof config === 'string' ? config : (config as { text?: unknown; submit?: unknown } | null)?.submit ? undefined : (config as { text?: unknown } | null)?.text;
  return text === 'BEGIN';
}

/** A pg client in pipeline mode (`pipeline: true`: each query is written at once, not after the
 * answer to the one before) that does not wait for BEGIN.
 *
 * @prisma/adapter-pg opens a transaction by awaiting BEGIN alone, then returns it to Prisma,
 * which sends the first statement: two round trips where one does. Here BEGIN is written and
 * answered at once (its answer carries nothing), so the first statement is written right behind
 * it; BEGIN's own outcome is reported by the next query on the connection (the first statement,
 * or COMMIT / ROLLBACK), which then fails with BEGIN's error. Every query still goes through
 * the adapter's own code, so its arguments, type parsing and error conversion are unchanged. */
export class PipelinedClient extends pg.Client {
  /** BEGIN, sent and not yet reported to anyone. */
  private unreportedBegin?: Promise<unknown>;

  constructor(config: pg.ClientConfig = {}) {
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }

  // pg's overloads cannot be restated one by one; the arguments pass through untouched.
  override query(...args: unknown[]): never {
    const [config, ...rest] = args;
    const send = () => (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (isBegin(config, rest)) {
      const begin = send() as Promise<unknown>;
      // Reported by the next query; never an unhandled rejection meanwhile.
      begin.catch(() => undefined);
      this.unreportedBegin = begin;
      return Promise.resolve({ ...BEGUN }) as never;
    }
    const begin = this.unreportedBegin;
    if (!begin || rest.some((arg) => typeof arg === 'function')) return send() as never;
    this.unreportedBegin = undefined;
    const sent = send() as Promise<unknown>;
    return begin.then(
      () => sent,
      (error: unknown) => {
        sent.catch(() => undefined);
        throw error;
      },
    ) as never;
  }

  /** A connection going back to the pool carries nothing of its last transaction. */
  forgetBegin(): void {
    this.unreportedBegin = undefined;
  }
}
