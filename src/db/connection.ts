/** Where a PostgreSQL server listens. Explicit fields, not a URL: the schema engine's adapter
 * needs them separately, and the embedded server is only known by host and port. */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/** Parses `postgres://user:pass@host:port/db`; throws on anything else. A host that is a
 * directory, percent-encoded (`postgres://user@%2Frun%2Fpostgresql/db`), is a Unix socket's
 * (`<dir>/.s.PGSQL.<port>`, as libpq and pg read it). */
export function parseDatabaseUrl(url: string): PgConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: database || 'postgres',
  };
}

/** Same connection, another database on the same server. */
export function withDatabase(conn: PgConnection, database: string): PgConnection {
  return { ...conn, database };
}

/** The URL parseDatabaseUrl reads back as `conn` (a socket directory percent-encoded). */
export function connectionUrl(conn: PgConnection): string {
  const auth = conn.password ? `${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}` : encodeURIComponent(conn.user);
  return `postgres://${auth}@${urlHost(conn)}:${conn.port}/${encodeURIComponent(conn.database)}`;
}

/** For logs: never prints the password. */
export function describeConnection(conn: PgConnection): string {
  return `postgres://${conn.user}@${urlHost(conn)}:${conn.port}/${conn.database}`;
}

/** Where a server listens, for logs: `host:port`, or a Unix socket's path. */
export function describeAddress(conn: PgConnection): string {
  return isSocketDirectory(conn.host) ? `${conn.host}/.s.PGSQL.${conn.port}` : `${conn.host}:${conn.port}`;
}

function isSocketDirectory(host: string): boolean {
  return host.startsWith('/');
}

function urlHost(conn: PgConnection): string {
  return isSocketDirectory(conn.host) ? encodeURIComponent(conn.host) : conn.host;
}
