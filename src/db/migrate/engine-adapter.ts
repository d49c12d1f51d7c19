import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type { PgConnection } from '../connection.ts';

/** A database the engine may fill and throw away; `drop` runs after its pool is closed. */
export interface ShadowDatabase {
  connection: PgConnection;
  drop(): Promise<void>;
}

const CHAR_OID = 18; // PostgreSQL's one-byte "char" (pg_constraint.contype, confdeltype, ...)
const TEXT_OID = 25;

// Row arrays of results that had "char" columns -> their indexes. Keyed by the rows array
// because adapter-pg returns that very array from queryRaw, so no state is shared between
// concurrent queries.
const charColumnsByRows = new WeakMap<unknown[], number[]>();

function noteCharColumns<R>(result: R): R {
  for (const one of Array.isArray(result) ? result : [result]) {
    const indexes: number[] = [];
    one?.fields?.forEach((field: pg.FieldDef, i: number) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID; // stock adapter-pg throws UnsupportedNativeDataType on OID 18
      indexes.push(i);
    });
    if (indexes.length > 0) charColumnsByRows.set(one.rows, indexes);
  }
  return result;
}

/** pg.Client whose results say which columns were "char". Installed through the pool's
 * `Client` option, so it covers pool queries and transaction connections alike. */
class CharAwareClient extends pg.Client {}
const superQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(CharAwareClient.prototype as unknown as { query: unknown }).query = function query(this: pg.Client, ...args: unknown[]) {
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const callback = args[last] as (error: Error | null, result: unknown) => void;
    args[last] = (error: Error | null, result: unknown) => callback(error, result && noteCharColumns(result));
    return superQuery.apply(this, args);
  }
  const pending = superQuery.apply(this, args);
  return pending instanceof Promise ? pending.then(noteCharColumns) : pending;
};

/** The schema engine reads "char" catalog columns as Character (one-char strings). */
function withCharacterColumns(result: SqlResultSet): SqlResultSet {
  const indexes = charColumnsByRows.get(result.rows);
  for (const i of indexes ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

async function connectAdapter(conn: PgConnection, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  // Explicit fields, not a URL (the stock shadow-database code would reuse a URL's database)
  // and a config, not a pg.Pool (a given pool is neither ended on dispose nor reconfigurable).
  const { host, port, user, password, database } = conn;
  const config: pg.PoolConfig = { host, port, user, password, database, max: 2, Client: CharAwareClient };
  const adapter = await new PrismaPg(config).connect();
  const queryRaw = adapter.queryRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  const dispose = adapter.dispose.bind(adapter);
  let disposed = false;
  return Object.assign(adapter, {
    queryRaw: async (query: Parameters<typeof queryRaw>[0]) => withCharacterColumns(await queryRaw(query)),
    startTransaction: async (...args: Parameters<typeof startTransaction>) => {
      const tx = await startTransaction(...args);
      const txQueryRaw = tx.queryRaw.bind(tx);
      tx.queryRaw = async (query) => withCharacterColumns(await txQueryRaw(query));
      return tx;
    },
    // One simple query: PostgreSQL runs it as one implicit transaction, and `$$` bodies stay
    // whole (the stock adapter splits the script on ';'). No parameters = simple protocol.
    executeScript: async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    // Idempotent: the engine may dispose an adapter, and close() below disposes what it did not.
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
      await afterDispose?.();
    },
  });
}

export interface EngineAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Disposes every adapter still open (freeing the engine does not): ends the pools, whose
   * idle clients would otherwise keep the process alive ~10 s, and drops the shadow database. */
  close(): Promise<void>;
}

/** adapter-pg factory for the schema engine. The shadow database comes from `createShadow`
 * (a fresh embedded PGlite or a scratch database) and is dropped once the engine lets go.
 * The engine never cleans a shadow database itself: each one must start empty. */
export function engineAdapterFactory(main: PgConnection, createShadow?: () => Promise<ShadowDatabase>): EngineAdapterFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter) => {
    open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      open.delete(adapter);
      await dispose();
    };
    return adapter;
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => track(await connectAdapter(main)),
    async connectToShadowDb() {
      if (!createShadow) throw new Error('This operation needs a shadow database, and none was configured.');
      const shadow = await createShadow();
      try {
        return track(await connectAdapter(shadow.connection, () => shadow.drop()));
      } catch (error) {
        await shadow.drop();
        throw error;
      }
    },
    async close() {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
  };
}
