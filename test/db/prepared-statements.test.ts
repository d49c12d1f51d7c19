import { buildUser } from '../factories/users.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { oneConnectionDatabase, type OneConnectionDatabase } from '../helpers/one-connection-database.ts';

/** Parameterized statements are prepared once per connection on a real server (the removal's
 * statement takes longer to plan than to run), and never on the embedded one, whose
 * single session every connection shares (a second PREPARE of a name would fail there). */

let db: OneConnectionDatabase;

beforeAll(async () => {
  // One connection, so the session inspected below is the one that ran the queries.
  db = await oneConnectionDatabase();
});
afterAll(() => db?.close());

// Parameterless on purpose: it goes unnamed over the simple protocol and prepares nothing itself.
const preparedNames = async () =>
  (await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((row) => row.name);

test(`a query run twice is prepared once on its connection on a real server, and not at all on the embedded one (${onRealPostgres ? 'PostgreSQL' : 'embedded'})`, async () => {
  const user = await buildUser(db.prisma);
  for (let i = 0; i < 2; i++) {
    expect(await db.prisma.user.findUnique({ where: { id: user.id }, select: { email: true } })).toEqual({ email: user.email });
  }
  const names = await preparedNames();
  if (db.kind === 'postgres') {
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  } else {
    expect(names).toEqual([]);
  }
});
