/** Where a PostgreSQL server listens. Explicit fields, not a URL: the schema engine's adapter
 * needs them separately, and the embedded server is only known by host and port. */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/** Parses `postgres://user:pass@host:port/db`; throws on anything else. */
export function parseDatabaseUrl(url: string): PgConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: parsed.hostname || '127.0.0.1',
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

/** For logs: never prints the password. */
export function describeConnection(conn: PgConnection): string {
  return `postgres://${conn.user}@${conn.host}:${conn.port}/${conn.database}`;
}
