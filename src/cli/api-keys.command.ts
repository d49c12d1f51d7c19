import type { Command } from 'commander';
import { createApiKey, listApiKeys } from '../domain/accounts/api-keys.ts';
import { printRows, withLimit } from './list-options.ts';
import { actorFor, inTx, OPERATOR, withDatabase } from './session.ts';

/** `tenantry api-keys create --user <email> --name <name>`: the API-key use-case for that user;
 * the key is printed once and only its hash is kept. */
export function apiKeysCommand(program: Command): void {
  const apiKeys = program.command('api-keys').description('API keys');
  apiKeys
    .command('create')
    .description("create an API key for a user (sent as the X-Api-Key header); it is printed once")
    .requiredOption('--user <email>', 'email of the user the key acts as')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .action(async (options: { user: string; name: string }) => {
      const { created, email } = await withDatabase((db) =>
        inTx(db, async (tx) => {
          const actor = await actorFor(tx, options.user);
          return { created: await createApiKey(tx, actor, { name: options.name }, OPERATOR), email: actor.email };
        }),
      );
      console.log(`created API key ${created.apiKey.id} "${created.apiKey.name}" for ${email}`);
      console.log(`key (shown once): ${created.key}`);
    });
  withLimit(apiKeys.command('list').description("list a user's API keys, newest first: id, name, prefix, created, revoked or active"))
    .requiredOption('--user <email>', 'email of the user')
    .action(async (options: { user: string; limit: number }) => {
      const keys = await withDatabase((db) => inTx(db, async (tx) => listApiKeys(tx, await actorFor(tx, options.user))));
      printRows(keys, options.limit, (key) => [key.id, JSON.stringify(key.name), `prefix=${key.prefix}`, `created=${key.createdAt.toISOString()}`, key.revokedAt ? `revoked=${key.revokedAt.toISOString()}` : 'active']);
    });
}
