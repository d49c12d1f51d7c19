// First: NODE_ENV, which libraries read as they load (src/node-env.ts).
import '../node-env.ts';
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { DomainError, InvalidInputError } from '../domain/errors.ts';
import { apiKeysCommand } from './api-keys.command.ts';
import { auditCommand } from './audit.command.ts';
import { migrateCommand } from './migrate.command.ts';
import { tenantsCommand } from './tenants.command.ts';
import { usersCommand } from './users.command.ts';
import { webhooksCommand } from './webhooks.command.ts';

/** `tenantry`, the operator CLI. Exit codes: 0 done; 1 refused or failed (unknown email,
 * duplicate, bad value, database unreachable), the reason on stderr; 2 bad usage or configuration. */

// exitOverride and showHelpAfterError are inherited by the commands added below.
const program = new Command('tenantry')
  .description('Tenantry operator CLI: acts on DATABASE_URL, or on the embedded database in DATA_DIR, through the same use-cases as the API')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');
usersCommand(program);
tenantsCommand(program);
apiKeysCommand(program);
migrateCommand(program);
auditCommand(program);
webhooksCommand(program);

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CommanderError) {
      // Commander printed the message (or the help / version, which exit 0).
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof DomainError) {
      const issues = error instanceof InvalidInputError ? error.issues.map((issue) => `\n  ${issue.loc.join('.')}: ${issue.msg}`).join('') : '';
      console.error(`error: ${error.message}${issues}`);
      process.exit(1);
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
