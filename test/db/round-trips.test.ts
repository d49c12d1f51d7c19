import { buildRemovalNeighbourhood } from '../factories/removal-neighbourhood.ts';
import { tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { viaGraphQL, viaRest } from '../helpers/removal-doors.ts';

/** Round trips are counted on the wire (bench/lib/wire-proxy.ts): a flight is what the pool
 * writes before the server answers. A removal's five statements: the caller's user row, BEGIN,
 * the lock, the statement that decides under it and revokes, COMMIT (the access is decided
 * under the lock, so no rule reads it before). */
describe.each([
  ['pipelined (the default)', {}, 3],
  ['with DB_PIPELINE=false', { DB_PIPELINE: 'false' }, 5],
] as const)('a removal on the wire, %s', (_name, env, flights) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ wire: true, env });
  });
  afterAll(() => t.close());

  async function removeOnce(door = viaGraphQL) {
    const w = await buildRemovalNeighbourhood(t.prisma);
    const auth = await tokenFor(w.owner);
    t.wire!.reset();
    const outcome = await door(t.http, auth, w.tenant.id, w.target.id);
    return { outcome, wire: t.wire!.snapshot(), w };
  }

  it(`makes five statements in ${flights} round trips, through either door`, async () => {
    await removeOnce(); // the pool's connections open, statements get prepared
    for (const door of [viaGraphQL, viaRest]) {
      const { outcome, wire } = await removeOnce(door);
      expect(outcome).toMatchObject({ ok: true, status: 200 });
      expect({ statements: wire.statements, roundTrips: wire.roundTrips, errors: wire.errors }).toEqual({ statements: 5, roundTrips: flights, errors: 0 });
    }
  });

  it('writes BEGIN, the lock, the statement under it and COMMIT on one connection, in that order; BEGIN, the lock and the statement under it travel together when pipelined', async () => {
    const { outcome, wire, w } = await removeOnce();
    expect(outcome.ok).toBe(true);
    const begin = wire.captured.findIndex((s) => s.sql === 'BEGIN');
    const inTransaction = wire.captured.slice(begin);
    expect(inTransaction.map((s) => s.conn)).toEqual(inTransaction.map(() => wire.captured[begin].conn));
    expect(inTransaction.map((s) => kindOf(s.sql))).toEqual(['BEGIN', 'lock', 'read and revoke', 'COMMIT']);
    expect(inTransaction[1].params).toEqual([w.tenant.id, w.target.id]);
    const flightsOf = inTransaction.map((s) => s.flight - inTransaction[0].flight);
    expect(flightsOf).toEqual(flights === 3 ? [0, 0, 0, 1] : [0, 1, 2, 3]);
  });
});

function kindOf(sql: string): string {
  if (sql === 'BEGIN' || sql === 'COMMIT') return sql;
  if (/FOR NO KEY UPDATE/.test(sql) && !/DELETE/.test(sql)) return 'lock';
  if (/DELETE FROM memberships/i.test(sql)) return 'read and revoke';
  return sql;
}
