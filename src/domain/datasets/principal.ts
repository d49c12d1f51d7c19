import type { Tx } from '../../db/transaction.ts';
import { NotFoundError } from '../errors.ts';

/** Who a dataset permission is granted to. */
export type PrincipalType = 'USER' | 'ROLE' | 'TENANT';

export interface Principal {
  type: PrincipalType;
  id: string;
}

/** The dataset_permissions column that holds this kind of principal. */
export function principalColumns(principal: Principal): { userId?: string; roleId?: string; principalTenantId?: string } {
  if (principal.type === 'USER') return { userId: principal.id };
  if (principal.type === 'ROLE') return { roleId: principal.id };
  return { principalTenantId: principal.id };
}

/** A principal as callers name it: the legacy routes give only an id. */
export interface PrincipalRef {
  type?: PrincipalType | null;
  id: string;
}

/** The principal's kind, looked up when the caller gave only an id (ids are random UUIDs:
 * one id never names two kinds).
 * @throws NotFoundError when no user, role or tenant has this id. */
export async function resolvePrincipal(db: Tx, ref: PrincipalRef): Promise<Principal> {
  if (ref.type) return { type: ref.type, id: ref.id };
  const [row] = await db.$queryRaw<{ type: PrincipalType | null }[]>`
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM users WHERE id = ${ref.id}::uuid) THEN 'USER'
      WHEN EXISTS (SELECT 1 FROM roles WHERE id = ${ref.id}::uuid) THEN 'ROLE'
      WHEN EXISTS (SELECT 1 FROM tenants WHERE id = ${ref.id}::uuid) THEN 'TENANT'
    END AS type`;
  if (!row?.type) throw new NotFoundError(`Could not find principal: ${ref.id}`);
  return { type: row.type, id: ref.id };
}
