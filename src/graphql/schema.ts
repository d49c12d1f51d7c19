import type { GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';
import { buildSchema } from 'type-graphql';
import { AccountsResolver } from './accounts/accounts.resolver.ts';
import { ApiKeysResolver } from './accounts/api-keys.resolver.ts';
import { UserFieldsResolver } from './accounts/user.fields.ts';
import { AuditActionsResolver } from './audit/audit-actions.resolver.ts';
import { AuditEventFieldsResolver, TenantAuditResolver } from './audit/audit-event.fields.ts';
import { DatasetFieldsResolver } from './datasets/dataset.fields.ts';
import { EventsResolver } from './events/events.resolver.ts';
import { OPERATION_RESOLVERS } from '../operations/registry.ts';
import { permissions } from './permissions/shield.ts';
import { RoleFieldsResolver } from './roles/role.fields.ts';
import { MemberConnectionFieldsResolver } from './tenancy/member-connection.fields.ts';
import { MembershipFieldsResolver } from './tenancy/membership.fields.ts';
import { TenantFieldsResolver } from './tenancy/tenant.fields.ts';
import { TenantsResolver } from './tenancy/tenants.resolver.ts';

/** Every resolver class: the operations' (src/operations/), then by resource the root fields
 * not yet declared as operations (`*.resolver.ts`) and the fields of each type (`*.fields.ts`). */
const resolvers = [
  ...OPERATION_RESOLVERS,
  AccountsResolver,
  ApiKeysResolver,
  UserFieldsResolver,
  TenantsResolver,
  TenantFieldsResolver,
  MembershipFieldsResolver,
  MemberConnectionFieldsResolver,
  RoleFieldsResolver,
  DatasetFieldsResolver,
  TenantAuditResolver,
  AuditActionsResolver,
  AuditEventFieldsResolver,
  EventsResolver,
] as unknown as [Function, ...Function[]];

/** The type-graphql schema without permissions: what the committed SDL describes. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false });
}

/** The served schema: the bare schema with the shield rule map applied to every field, inside
 * `outer` (e.g. the root-field metrics, which then see shield's denials too). */
export async function buildServedSchema(...outer: (IMiddleware | IMiddlewareGenerator<any, any, any>)[]): Promise<GraphQLSchema> {
  return applyMiddleware(await buildBareSchema(), ...outer, permissions);
}
