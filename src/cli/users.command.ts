import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { prepareRegistration, registerUser } from '../domain/accounts/register-user.ts';
import { ConflictError, InvalidInputError } from '../domain/errors.ts';
import { printRows, withLimit } from './list-options.ts';
import { inTx, OPERATOR, withDatabase } from './session.ts';

/** `tenantry users create --email <email> [--password-stdin]`: an active account, created by the
 * registration use-case. Without --password-stdin a password is generated and printed once.
 * `tenantry users list`: every account, by email. */
export function usersCommand(program: Command): void {
  const users = program.command('users').description('user accounts');
  users
    .command('create')
    .description('create an active user; the password is read from stdin (--password-stdin) or generated and printed once')
    .requiredOption('--email <email>', 'the email to log in with')
    .option('--password-stdin', 'read the password from stdin (one line; the trailing newline is dropped)')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : randomBytes(18).toString('base64url');
      const registration = await prepareRegistration({ email: options.email, password });
      const user = await withDatabase((db) =>
        inTx(db, (tx) => registerUser(tx, registration, OPERATOR)).catch((error: unknown) => {
          if (error instanceof InvalidInputError && error.reason === 'REGISTER_USER_ALREADY_EXISTS') {
            throw new ConflictError(`A user with email ${registration.email} already exists`);
          }
          throw error;
        }),
      );
      console.log(`created user ${user.id} ${user.email}`);
      if (!options.passwordStdin) console.log(`password (shown once): ${password}`);
    });
  withLimit(users.command('list').description('list user accounts by email: id, email, active or inactive')).action(async (options: { limit: number }) => {
    const rows = await withDatabase((db) =>
      inTx(db, (tx) => tx.user.findMany({ select: { id: true, email: true, isActive: true }, orderBy: [{ emailKey: 'asc' }, { id: 'asc' }], take: options.limit + 1 })),
    );
    printRows(rows, options.limit, (user) => [user.id, user.email, user.isActive ? 'active' : 'inactive']);
  });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InvalidInputError('--password-stdin: pipe the password in (e.g. printf %s "$PASSWORD" | tenantry …)');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}
