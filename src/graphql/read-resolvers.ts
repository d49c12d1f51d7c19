import { UserFieldsResolver } from './accounts/user.fields.ts';
import { AuditEventFieldsResolver, TenantAuditResolver } from './audit/audit-events.resolver.ts';
import { DatasetFieldsResolver } from './datasets/dataset.fields.ts';
import { RoleFieldsResolver } from './roles/role.fields.ts';
import { MemberConnectionFieldsResolver } from './tenancy/member-connection.fields.ts';
import { MembershipFieldsResolver } from './tenancy/membership.fields.ts';
import { TenancyQueriesResolver } from './tenancy/tenancy.queries.resolver.ts';
import { TenantFieldsResolver } from './tenancy/tenant.fields.ts';

/** Resolver classes of the dashboard read surface (queries, field resolvers). */
export const readResolvers: Function[] = [
  TenancyQueriesResolver,
  TenantFieldsResolver,
  MembershipFieldsResolver,
  MemberConnectionFieldsResolver,
  UserFieldsResolver,
  RoleFieldsResolver,
  DatasetFieldsResolver,
  TenantAuditResolver,
  AuditEventFieldsResolver,
];
