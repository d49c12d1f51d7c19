import { DatabaseError } from 'pg';

export interface FailedMigration {
  name: string;
  startedAt: Date;
  logs: string | null;
}

/** A failed migration is recorded in `_prisma_migrations`; nothing runs until it is resolved
 * (Prisma's P3009, same wording for the details). */
export class MigrationBlockedError extends Error {
  override name = 'MigrationBlockedError';
  /** Names of the failed migrations. */
  readonly failed: string[];

  constructor(failed: FailedMigration[]) {
    const details = failed
      .map((m) => {
        const logs = m.logs?.trim() ? ` with the following logs:\n${m.logs.trim()}` : '';
        return `The \`${m.name}\` migration started at ${m.startedAt.toISOString()} failed${logs}\n`;
      })
      .join('');
    const names = failed.map((m) => `'${m.name}'`).join(', ');
    const where = `WHERE migration_name IN (${names}) AND finished_at IS NULL AND rolled_back_at IS NULL;`;
    super(
      `Found failed migrations in the database; new migrations will not be applied.\n${details}\n` +
        `To resolve, fix the cause (each migration ran as one transaction, so a failed one left nothing behind), then either\n` +
        `  - run it again on the next deploy: UPDATE "_prisma_migrations" SET rolled_back_at = now() ${where}\n` +
        `  - or, if you applied its changes by hand: UPDATE "_prisma_migrations" SET finished_at = now() ${where}\n` +
        `(what \`prisma migrate resolve --rolled-back | --applied <name>\` would do), then deploy again.`,
    );
    this.failed = failed.map((m) => m.name);
  }
}

/** A migration's SQL failed; it was rolled back and recorded as failed. */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    readonly logs: string,
    options: { cause: unknown },
  ) {
    super(`Migration ${migration} failed and was rolled back.\n${logs}`, options);
  }
}

/** What goes to `_prisma_migrations.logs`: the shape of Prisma's P3018 text, which is what
 * `prisma migrate deploy` stores there. */
export function describeFailure(name: string, error: unknown): string {
  if (!(error instanceof DatabaseError)) return `Migration name: ${name}\n\n${String(error)}`;
  const extra = [error.detail && `DETAIL: ${error.detail}`, error.hint && `HINT: ${error.hint}`, error.position && `Position: ${error.position}`];
  return [`Migration name: ${name}`, `Database error code: ${error.code}`, `Database error:\nERROR: ${error.message}`, ...extra]
    .filter(Boolean)
    .join('\n\n');
}
