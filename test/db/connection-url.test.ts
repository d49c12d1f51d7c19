import { connectionUrl, describeConnection, parseDatabaseUrl } from '../../src/db/connection.ts';

/** DATABASE_URL as src/db/connection.ts reads it: a TCP host, or a Unix socket's directory
 * (percent-encoded, as libpq and pg read it); what connectionUrl writes reads back the same. */
describe('database URLs', () => {
  it('reads a percent-encoded directory as the host of a Unix socket, and writes it back the same way', () => {
    const url = 'postgres://app:s%40cret@%2Fvar%2Frun%2Fpostgresql:5433/tenantry';
    const connection = parseDatabaseUrl(url);
    expect(connection).toEqual({ host: '/var/run/postgresql', port: 5433, user: 'app', password: 's@cret', database: 'tenantry' });
    expect(connectionUrl(connection)).toBe(url);
    expect(describeConnection(connection)).toBe('postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/tenantry');
  });

  it('keeps a TCP host as it is', () => {
    const connection = parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/postgres');
    expect(connection).toEqual({ host: '127.0.0.1', port: 5432, user: 'postgres', password: undefined, database: 'postgres' });
    expect(connectionUrl(connection)).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });
});
