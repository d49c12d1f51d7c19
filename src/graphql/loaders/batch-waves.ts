import DataLoader from 'dataloader';

/** When a request's DataLoaders send their batches. DataLoader's default sends a batch once the
 * current tick's promise jobs are done, so loads that belong together but follow different
 * reads (a role's memberCount under a members page and under the tenant's roles) split into as
 * many statements as there are ticks in which those reads happened to complete: a count that
 * depends on the order the database answers in, which changes with load.
 *
 * Here a request's reads go in waves: while any of its batches (or a read passed to `track`) is
 * in flight, new loads wait; when the last one has settled and the promise jobs its answers
 * started have run, every waiting batch is sent at once. A wave is then "whatever the answers of
 * the previous wave asked for", whatever order they arrived in: the same query always costs the
 * same statements. The price: a branch of the query cannot start its next read while another
 * branch's read of the same wave is still running.
 *
 * A batch function must not wait for a load (that load would wait for the batch: a deadlock);
 * it reads the database and may `prime` other loaders. */
export interface BatchWaves {
  /** A DataLoader whose batches go in this request's waves. */
  loader<K, V, C = K>(batch: DataLoader.BatchLoadFn<K, V>, options?: Omit<DataLoader.Options<K, V, C>, 'batchScheduleFn'>): DataLoader<K, V, C>;
  /** A read outside the loaders whose answer leads to loads (a root field's own query, a rule's
   * check): the next wave waits for it too, so those loads join it whenever it completes. It
   * must not itself wait for a load, for the same reason a batch function must not. */
  track<T>(read: Promise<T>): Promise<T>;
}

export function createBatchWaves(): BatchWaves {
  let inFlight = 0;
  let waiting: (() => void)[] = [];
  let flushQueued = false;

  const flush = () => {
    flushQueued = false;
    if (inFlight > 0) return;
    const batches = waiting;
    waiting = [];
    // Each dispatch calls its batch function synchronously, which counts itself in flight.
    for (const dispatch of batches) dispatch();
  };
  // As DataLoader's default does: after the promise jobs already queued (the resolvers the last
  // answers resumed, and the loads they made), on the next tick.
  const flushSoon = () => {
    if (flushQueued) return;
    flushQueued = true;
    void Promise.resolve().then(() => process.nextTick(flush));
  };
  const settled = () => {
    inFlight--;
    if (inFlight === 0 && waiting.length > 0) flushSoon();
  };
  const track = <T>(read: Promise<T>): Promise<T> => {
    inFlight++;
    return read.finally(settled);
  };
  const schedule = (dispatch: () => void) => {
    waiting.push(dispatch);
    if (inFlight === 0) flushSoon();
  };

  return {
    loader: (batch, options) => new WaveLoader((keys) => track(Promise.resolve().then(() => batch(keys))), { ...options, batchScheduleFn: schedule }),
    track,
  };
}

/** DataLoader hands even a cached answer over only when the current batch is sent, which here
 * would be the next wave: a rule and its field asking for the same tenant would each cost a wave.
 * An answer already held (loaded or primed) is returned at once. */
class WaveLoader<K, V, C> extends DataLoader<K, V, C> {
  private readonly held: Map<C, Promise<V>>;
  private readonly keyOf: (key: K) => C;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: DataLoader.Options<K, V, C>) {
    const held = new Map<C, Promise<V>>();
    super(batch, { ...options, cacheMap: held });
    this.held = held;
    this.keyOf = options.cacheKeyFn ?? ((key: K) => key as unknown as C);
  }

  override load(key: K): Promise<V> {
    return this.held.get(this.keyOf(key)) ?? super.load(key);
  }
}
