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
