import type { GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddleware, type IMiddlewareGenerator } from 'graphql-middleware';
import { buildSchema } from 'type-graphql';
import { UserFieldsResolver } from './accounts/user.fields.ts';
import { AuditEventFieldsResolver } from './audit/audit-event.fields.ts';
import { DatasetFieldsResolver } from './datasets/dataset.fields.ts';
import { OPERATION_RESOLVERS } from '../operations/registry.ts';
import { permissions } from './permissions/shield.ts';
import { RoleFieldsResolver } from './roles/role.fields.ts';
import { MemberConnectionFieldsResolver } from './tenancy/member-connection.fields.ts';
import { MembershipFieldsResolver } from './tenancy/membership.fields.ts';
import { TenantFieldsResolver } from './tenancy/tenant.fields.ts';

/** Every resolver class: the operations' (src/operations/), then the fields of each type that
 * are not operations (`*.fields.ts`). */
const resolvers = [
  ...OPERATION_RESOLVERS,
  UserFieldsResolver,
  TenantFieldsResolver,
  MembershipFieldsResolver,
  MemberConnectionFieldsResolver,
  RoleFieldsResolver,
  DatasetFieldsResolver,
  AuditEventFieldsResolver,
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
