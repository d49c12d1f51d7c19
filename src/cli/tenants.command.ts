import type { Command } from 'commander';
import { createTenant } from '../domain/tenancy/create-tenant.ts';
import { actorFor, inTx, OPERATOR, withDatabase } from './session.ts';

/** `tenantry tenants create --name <name> --owner <email>`: the tenant-creation use-case, acting
 * for the owner (who becomes its first member, as through the API). */
export function tenantsCommand(program: Command): void {
  const tenants = program.command('tenants').description('tenants');
  tenants
    .command('create')
    .description('create a tenant owned by an existing user')
    .requiredOption('--name <name>', 'the tenant name')
    .requiredOption('--owner <email>', 'email of the user who owns it')
    .action(async (options: { name: string; owner: string }) => {
      const { tenant, owner } = await withDatabase((db) =>
        inTx(db, async (tx) => {
          const actor = await actorFor(tx, options.owner);
          return { tenant: await createTenant(tx, actor, { name: options.name }, OPERATOR), owner: actor.email };
        }),
      );
      console.log(`created tenant ${tenant.id} "${tenant.name}" owned by ${owner}`);
    });
}
