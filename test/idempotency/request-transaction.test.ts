import { inTransaction, type Tx } from '../../src/db/transaction.ts';
import { recordAudit } from '../../src/domain/audit/record-audit.ts';
import { answerOnce } from '../../src/idempotency/answer-once.ts';
import { buildUser } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { onRealPostgres } from '../helpers/database.ts';

// The request transaction a keyed mutation runs in, driven directly: what the doors cannot show
// without a resolver that catches a use-case's error (as a dry run that rolls itself back does).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const answer = { status: 200, contentType: 'application/json', body: '{"ok":true}' };

/** A use-case's change: a row and its audit event, as every use-case writes one. */
async function createDataset(tx: Tx, ownerId: string, name: string) {
  await tx.dataset.create({ data: { name, ownerId } });
  await recordAudit(tx, { actorId: ownerId, action: 'dataset.created', targetUserId: ownerId });
}

describe('a keyed request transaction', () => {
  it("undoes a use-case that wrote and threw even when the request answers success, and keeps the others' effects", async () => {
    const user = await buildUser(t.prisma);
    let runs = 0;
    const outcome = await answerOnce(t.prisma, { callerId: user.id, key: 'dry-run', fingerprint: 'f'.repeat(64), savepoints: false }, 24, async (tx) => {
      runs++;
      await inTransaction(tx, (work) => createDataset(work, user.id, 'kept'));
      await inTransaction(tx, async (work) => {
        await createDataset(work, user.id, 'undone');
        throw new Error('roll this use-case back');
      }).catch(() => undefined);
      return { answer, success: true };
    });
    expect(outcome).toEqual({ kind: 'answered', answer });
    // The first run could not undo the throwing use-case alone: it ran again, with savepoints.
    expect(runs).toBe(2);
    expect((await t.prisma.dataset.findMany({ where: { ownerId: user.id } })).map((dataset) => dataset.name)).toEqual(['kept']);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: user.id, key: 'dry-run' } })).toBe(1);
  });

  it('keeps no answer for a success that changed nothing, and runs once', async () => {
    const user = await buildUser(t.prisma);
    let runs = 0;
    const outcome = await answerOnce(t.prisma, { callerId: user.id, key: 'no-change', fingerprint: 'f'.repeat(64), savepoints: false }, 24, async (tx) => {
      runs++;
      // A preview: the use-case writes, then throws to roll itself back; the request answers success.
      await inTransaction(tx, async (work) => {
        await createDataset(work, user.id, 'rehearsed');
        throw new Error('rolled back');
      }).catch(() => undefined);
      return { answer, success: true };
    });
    expect(outcome).toEqual({ kind: 'answered', answer });
    expect(runs).toBe(1);
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: user.id } })).toBe(0);
  });

  it('keeps nothing, effect or answer, when the request is not kept', async () => {
    const user = await buildUser(t.prisma);
    const refusal = { status: 404, contentType: 'application/json', body: '{"detail":"no"}' };
    const outcome = await answerOnce(t.prisma, { callerId: user.id, key: 'refused', fingerprint: 'f'.repeat(64), savepoints: false }, 24, async (tx) => {
      await inTransaction(tx, (work) => createDataset(work, user.id, 'written before the refusal'));
      return { answer: refusal, success: false };
    });
    expect(outcome).toEqual({ kind: 'answered', answer: refusal });
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { callerId: user.id } })).toBe(0);
  });

  // Another connection's write while the transaction is open: the embedded database has one.
  (onRealPostgres ? it : it.skip)('rolls its effect back and answers with the live answer that another request stored first', async () => {
    const user = await buildUser(t.prisma);
    const owner = { callerId: user.id, key: 'raced', fingerprint: 'f'.repeat(64), savepoints: false };
    const theirs = { status: 201, contentType: 'application/json', body: '{"first":true}' };
    const outcome = await answerOnce(t.prisma, owner, 24, async (tx) => {
      // Committed after this request's claim read, as a racing request's store would be.
      await t.prisma.idempotencyKey.create({ data: { callerId: user.id, key: owner.key, fingerprint: owner.fingerprint, ...theirs, expiresAt: new Date(Date.now() + 3600_000) } });
      await inTransaction(tx, (work) => createDataset(work, user.id, 'second effect'));
      return { answer, success: true };
    });
    expect(outcome).toEqual({ kind: 'replayed', answer: theirs });
    expect(await t.prisma.dataset.count({ where: { ownerId: user.id } })).toBe(0);
  });
});
