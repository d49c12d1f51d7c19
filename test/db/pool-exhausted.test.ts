import { isDatabaseUnavailable } from '../../src/db/prisma-errors.ts';
import { oneConnectionDatabase, type OneConnectionDatabase } from '../helpers/one-connection-database.ts';

/** Every pooled connection busy past the pool's wait: the caller should come back later (503 +
 * Retry-After), not be told the server failed (500). */

let db: OneConnectionDatabase;

beforeAll(async () => {
  db = await oneConnectionDatabase();
});
afterAll(() => db?.close());

test('a query that waits past the pool timeout for a connection is an outage, not a fault', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const connectionTaken = new Promise<void>((resolve) => (holding = resolve));
  const holder = db.prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT 1');
    holding();
    await held;
  }, { timeout: 30_000 });
  // The transaction has the only connection once its first query answered.
  await connectionTaken;
  const waited = await db.prisma.user.count().then(
    () => undefined,
    (error: unknown) => error,
  );
  release();
  await holder;
  expect(waited).toBeDefined();
  expect(isDatabaseUnavailable(waited)).toBe(true);
});
