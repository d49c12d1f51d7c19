import type { Command } from 'commander';
import { createTenant } from '../domain/tenancy/create-tenant.ts';
import { listMemberPages } from '../domain/tenancy/queries/list-member-pages.ts';
import { printRows, withLimit } from './list-options.ts';
import { actorFor, inTx, OPERATOR, withDatabase } from './session.ts';
import { findTenantByRef } from './tenant-ref.ts';

/** `tenantry tenants create --name <name> --owner <email>`: the tenant-creation use-case, acting
 * for the owner (who becomes its first member, as through the API). `tenantry tenants list` and
 * `tenantry members list --tenant <id or name>`: what is there, with the ids other commands take. */
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
  withLimit(tenants.command('list').description('list tenants by name: id, name, owner, member count')).action(async (options: { limit: number }) => {
    const rows = await withDatabase((db) =>
      inTx(db, (tx) =>
        tx.tenant.findMany({
          select: { id: true, name: true, owner: { select: { email: true } }, _count: { select: { memberships: true } } },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          take: options.limit + 1,
        }),
      ),
    );
    printRows(rows, options.limit, (tenant) => [tenant.id, JSON.stringify(tenant.name), `owner=${tenant.owner.email}`, `members=${tenant._count.memberships}`]);
  });

  const members = program.command('members').description("a tenant's members");
  withLimit(members.command('list').description("list a tenant's members by email: user id, email, owner, roles"))
    .requiredOption('--tenant <id or name>', 'the tenant, by id or exact name')
    .action(async (options: { tenant: string; limit: number }) => {
      const rows = await withDatabase((db) =>
        inTx(db, async (tx) => {
          const tenant = await findTenantByRef(tx, options.tenant);
          const [page] = await listMemberPages(tx, [{ tenantId: tenant.id, limit: options.limit + 1, after: null, pattern: '%', from: '', to: null }]);
          return page;
        }),
      );
      printRows(rows, options.limit, (member) => [member.userId, member.email, ...(member.isOwner ? ['owner'] : []), `roles=${member.roles.map((role) => role.name).join(',') || '-'}`]);
    });
}
