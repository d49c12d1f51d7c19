import type { Tx } from '../db/transaction.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { canonicalUuid } from '../domain/uuid.ts';

/** How many same-named tenants an ambiguity error lists. */
const MAX_CANDIDATES = 10;

/** The tenant an operator named by id or by exact name (names need not be unique).
 * @throws NotFoundError for neither; ConflictError listing the candidates' ids when a name fits several. */
export async function findTenantByRef(tx: Tx, ref: string): Promise<{ id: string; name: string }> {
  const select = { id: true, name: true } as const;
  const id = canonicalUuid(ref);
  if (id) {
    const byId = await tx.tenant.findUnique({ where: { id }, select });
    if (byId) return byId;
  }
  // A name PostgreSQL cannot hold (U+0000) names no tenant.
  const named = ref.includes('\u0000') ? [] : await tx.tenant.findMany({ where: { name: ref }, select, orderBy: { id: 'asc' }, take: MAX_CANDIDATES + 1 });
  if (named.length === 1) return named[0];
  if (named.length === 0) throw new NotFoundError(`No tenant ${ref}`);
  const listed = named.slice(0, MAX_CANDIDATES).map((tenant) => tenant.id);
  throw new ConflictError(`${named.length > MAX_CANDIDATES ? 'More than 10' : named.length} tenants are named "${ref}"; name one by id: ${listed.join(', ')}`);
}
