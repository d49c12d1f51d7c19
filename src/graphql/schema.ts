import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchema } from 'type-graphql';
import { AccountsResolver } from './accounts/accounts.resolver.ts';
import { UserLookupResolver } from './accounts/user-lookup.resolver.ts';
import { DatasetsResolver } from './datasets/datasets.resolver.ts';
import { PrincipalDatasetsResolver } from './datasets/principal-datasets.resolver.ts';
import { ReadableDatasetsResolver } from './datasets/readable-datasets.resolver.ts';
import { RolesResolver } from './roles/roles.resolver.ts';
import { TenancyResolver } from './tenancy/tenancy.resolver.ts';
import { permissions } from './permissions/shield.ts';
import { readResolvers } from './read-resolvers.ts';
import { writeResolvers } from './write-resolvers.ts';

const resolvers = [AccountsResolver, UserLookupResolver, TenancyResolver, RolesResolver, DatasetsResolver, ReadableDatasetsResolver, PrincipalDatasetsResolver, ...readResolvers, ...writeResolvers] as [
  Function,
  ...Function[],
];

/** The type-graphql schema without permissions: what the committed SDL describes. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false });
}

/** The served schema: the bare schema with the shield rule map applied to every field. */
export async function buildServedSchema(): Promise<GraphQLSchema> {
  return applyMiddleware(await buildBareSchema(), permissions);
}
