import { inTransaction } from '../../src/db/transaction.ts';
import { answerOnce } from '../../src/idempotency/answer-once.ts';
import { buildUser } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

// The request transaction a keyed mutation runs in, driven directly: what the doors cannot show
// without a resolver that catches a use-case's error (as a dry run that rolls itself back does).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const answer = { status: 200, contentType: 'application/json', body: '{"ok":true}' };

describe('a keyed request transaction', () => {
  it("undoes a use-case that wrote and threw even when the request answers success, and keeps the others' effects", async () => {
    const user = await buildUser(t.prisma);
    let runs = 0;
    const outcome = await answerOnce(t.prisma, { callerId: user.id, key: 'dry-run', fingerprint: 'f'.repeat(64), savepoints: false }, 24, async (tx) => {
      runs++;
      await inTransaction(tx, (work) => work.dataset.create({ data: { name: 'kept', ownerId: user.id } }));
      await inTransaction(tx, async (work) => {
        await work.dataset.create({ data: { name: 'undone', ownerId: user.id } });
        throw new Error('roll this use-case back');
      }).catch(() => undefined);
      return { answer, keep: true };
    });
    expect(outcome).toEqual({ kind: 'answered', answer });
    // The first run could not undo the throwing use-case alone: it ran again, with savepoints.
    expect(runs).toBe(2);
    expect((await t.prisma.dataset.findMany({ where: { ownerId: user.id } })).map((dataset) => dataset.name)).toEqual(['kept']);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: user.id, key: 'dry-run' } })).toBe(1);
  });

  it('keeps nothing, effect or answer, when the request is not kept', async () => {
    const user = await buildUser(t.prisma);
    const refusal = { status: 404, contentType: 'application/json', body: '{"detail":"no"}' };
    const outcome = await answerOnce(t.prisma, { callerId: user.id, key: 'refused', fingerprint: 'f'.repeat(64), savepoints: false }, 24, async (tx) => {
      await inTransaction(tx, (work) => work.dataset.create({ data: { name: 'written before the refusal', ownerId: user.id } }));
      return { answer: refusal, keep: false };
    });
    expect(outcome).toEqual({ kind: 'answered', answer: refusal });
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: user.id } })).toBe(0);
  });
});
