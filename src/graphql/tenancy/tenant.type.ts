import { ObjectType } from 'type-graphql';
import type { TenantAccess } from '../../domain/tenancy/policy.ts';
import { OwnedRecord } from '../owned-record.type.ts';

@ObjectType('Tenant', { description: 'An organisation: one owner, members, roles, datasets.' })
export class TenantType extends OwnedRecord {
  /** Not in the schema: the caller's access to this tenant when the read that found the tenant
   * already holds it (the caller's own tenant list), so the viewerCan… flags answer at once. */
  viewerAccess?: TenantAccess;
}
