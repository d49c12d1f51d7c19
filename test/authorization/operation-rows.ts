import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isLeafType, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { AuthorizationExample, Operation as OperationModule } from '../../src/operations/operation.ts';
import type { HttpMethod } from '../../src/rest/legacy-route.ts';
import type { ActorName, World } from './matrix-world.ts';

/** What a caller may see: success, or the error code the contract assigns. */
export type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'NOT_FOUND';

export interface Rest {
  method: HttpMethod;
  path: string;
  json?: unknown;
}

export interface Operation {
  name: string;
  /** Reads change nothing even when allowed. */
  writes: boolean;
  graphql(w: World): { query: string; variables: Record<string, unknown> };
  rest?(w: World): Rest;
  /** Callers who succeed; every other authenticated caller is refused as `denied` says. */
  allowed: ActorName[];
  /** Exceptions to FORBIDDEN for particular callers. */
  special?: Partial<Record<ActorName, Outcome>>;
  /** What an allowed caller's GraphQL answer must hold. */
  shows?(w: World, data: unknown): void;
}

/** The served types, from the committed SDL (what the schema drift test keeps current). */
const schema: GraphQLSchema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));

/** The root field that reaches an object type's operation fields (Tenant.members through tenant(id:)). */
const REACHED_THROUGH: Record<string, string> = { Tenant: 'tenant', Dataset: 'dataset' };

/** An example's `@name` values, as objects of the world: their id, or `@name.property`. */
function resolve(value: unknown, w: World): unknown {
  if (typeof value === 'string' && value.startsWith('@')) {
    const [name, property = 'id'] = value.slice(1).split('.');
    if (name === 'removalEvent') return w.removalEventId;
    const found = (w as unknown as Record<string, Record<string, unknown> | undefined>)[name]?.[property];
    if (typeof found !== 'string') throw new Error(`the matrix world has no ${value}`);
    return found;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, w));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, w)]));
  return value;
}

function rootField(root: 'Query' | 'Mutation', name: string): GraphQLField<unknown, unknown> {
  const field = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  if (!field) throw new Error(`${root}.${name} is not in schema.graphql`);
  return field;
}

/** The example as one GraphQL document, its arguments as variables typed as the schema types them:
 * the root field's own, and for an object type's field the rest are that field's. */
function document(operation: OperationModule, example: AuthorizationExample): (w: World) => { query: string; variables: Record<string, unknown> } {
  const root: 'Query' | 'Mutation' = operation.on === 'Mutation' ? 'Mutation' : 'Query';
  const fieldName = root === operation.on ? operation.field : REACHED_THROUGH[operation.on];
  if (!fieldName) throw new Error(`no root field reaches ${operation.on}`);
  const field = rootField(root, fieldName);
  const names = Object.keys(example.args);
  const declared = names.map((name) => {
    const arg = field.args.find((candidate) => candidate.name === name);
    if (!arg) throw new Error(`${root}.${fieldName} has no argument ${name}`);
    return `$${name}: ${arg.type}`;
  });
  const select = example.select ?? '__typename';
  const call = `${fieldName}${names.length ? `(${names.map((name) => `${name}: $${name}`).join(', ')})` : ''}`;
  // A scalar answer (logout's Boolean) takes no selection.
  let selection = isLeafType(getNamedType(field.type)) ? '' : `{ ${select} }`;
  let variables: Record<string, unknown> = example.args;
  if (example.fieldArgs) {
    // The field's own arguments, as variables `$<field>_<argument>` (they may share a name with the root field's).
    const own = fieldOf(operation);
    const fieldNames = Object.keys(example.fieldArgs);
    const variable = (name: string) => `${operation.field}_${name}`;
    for (const name of fieldNames) {
      const arg = own.args.find((candidate) => candidate.name === name);
      if (!arg) throw new Error(`${operation.on}.${operation.field} has no argument ${name}`);
      declared.push(`$${variable(name)}: ${arg.type}`);
    }
    selection = `{ ${operation.field}(${fieldNames.map((name) => `${name}: $${variable(name)}`).join(', ')}) { ${select} } }`;
    variables = { ...example.args, ...Object.fromEntries(Object.entries(example.fieldArgs).map(([name, value]) => [variable(name), value])) };
  }
  const query = `${root === 'Mutation' ? 'mutation' : 'query'}${declared.length ? `(${declared.join(', ')})` : ''} { ${call} ${selection} }`;
  return (w) => ({ query, variables: resolve(variables, w) as Record<string, unknown> });
}

function fieldOf(operation: OperationModule): GraphQLField<unknown, unknown> {
  const type = schema.getType(operation.on);
  const field = type && 'getFields' in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)[operation.field] : undefined;
  if (!field) throw new Error(`${operation.on}.${operation.field} is not in schema.graphql`);
  return field;
}

export function restOf(operation: OperationModule, example: AuthorizationExample): ((w: World) => Rest) | undefined {
  if (!example.rest) return undefined;
  const route = operation.routes?.[example.rest.route ?? 0];
  if (!route) throw new Error(`${operation.field}: an example names a route it does not have`);
  const rest = example.rest;
  return (w) => {
    const path = route.url.replace(/:([a-z_]+)/g, (_match, name: string) => {
      const value = rest.path?.[name];
      if (value === undefined) throw new Error(`${route.url}: the example gives no ${name}`);
      return encodeURIComponent(String(resolve(value, w)));
    });
    const query = new URLSearchParams(Object.entries(rest.query ?? {}).map(([key, value]): [string, string] => [key, String(resolve(value, w))])).toString();
    return { method: route.method, path: query ? `${path}?${query}` : path, json: rest.body === undefined ? undefined : resolve(rest.body, w) };
  };
}

/** The matrix rows of one operation module: one per example. */
export function rowsOf(operation: OperationModule): Operation[] {
  if (operation.examples.length === 0) throw new Error(`${operation.on}.${operation.field} has no authorization examples`);
  const base = operation.on === 'Query' || operation.on === 'Mutation' ? operation.field : `${REACHED_THROUGH[operation.on]}.${operation.field}`;
  return operation.examples.map((example) => ({
    name: example.name ? `${base} (${example.name})` : base,
    writes: example.writes,
    graphql: document(operation, example),
    rest: restOf(operation, example),
    allowed: [...example.allowed],
    special: example.special,
  }));
}
