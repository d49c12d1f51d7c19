import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { z } from 'zod';
import type { LegacyRoute } from '../../../src/rest/legacy-route.ts';
import type { Random } from './stress-env.ts';

/** Generated malformed requests for every legacy REST route and every GraphQL root field: wrong
 * path parameters, query strings, JSON bodies (types, sizes, syntax), content types, GraphQL
 * documents and variables, transport misuse, credentials and headers. Deterministic per seed. */

export const CATEGORIES = [
  'path',
  'query',
  'body',
  'content-type',
  'graphql-document',
  'graphql-variables',
  'graphql-limits',
  'graphql-transport',
  'auth-header',
  'token',
  'api-key',
  'headers',
  'route-method',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Case {
  category: Category;
  /** What was wrong, for the report and for replaying one case. */
  label: string;
  /** Which operation or route it aimed at. */
  target: string;
  method: string;
  /** Raw request target (path and query), sent byte for byte. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface Fixtures {
  /** `foreignTenant`: another tenant the user also belongs to (cross-tenant activity). */
  ids: { user: string; tenant: string; foreignTenant: string; role: string; dataset: string; apiKey: string; endpoint: string };
  /** Authorization / X-Api-Key header sets. `good` authenticate; the rest must be refused (401). */
  good: Record<string, string>[];
  bad: { label: string; headers: Record<string, string>; category: Category }[];
}

export interface RouteInfo {
  route: LegacyRoute;
  params: string[];
  queryKeys: string[];
  body: 'none' | 'object' | 'array';
  bodyKeys: string[];
}

export function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema as any;
  while (current && ['optional', 'nullable', 'default', 'pipe'].includes(current.def?.type)) current = current.def.innerType ?? current.def.in;
  return current;
}

export function describeRoutes(routes: readonly LegacyRoute[]): RouteInfo[] {
  return routes.map((route) => {
    const body = unwrap(route.body) as any;
    const query = unwrap(route.query) as any;
    return {
      route,
      params: [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]),
      queryKeys: query?.shape ? Object.keys(query.shape) : [],
      body: !body ? 'none' : body.def?.type === 'array' ? 'array' : 'object',
      bodyKeys: body?.shape ? Object.keys(body.shape) : [],
    };
  });
}

export function loadSchema(): GraphQLSchema {
  return buildSchema(readFileSync(join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8'));
}

export interface RootField {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const query = Object.values(schema.getQueryType()!.getFields()).map((field) => ({ operation: 'query' as const, field }));
  const mutation = Object.values(schema.getMutationType()!.getFields()).map((field) => ({ operation: 'mutation' as const, field }));
  return [...query, ...mutation];
}

// ---------------------------------------------------------------------------------------------
// Values

const UNICODE = ['é', 'ß', '中文', '🙂', '\u202e', '\u0000', '\ufeff', '\ud800', 'Ω', '\u00a0', '\t', '\n'];

function badString(rng: Random): string {
  switch (rng.int(14)) {
    case 0:
      return '';
    case 1:
      return ' ';
    case 2:
      return rng.string(1 + rng.int(40));
    case 3:
      return 'a'.repeat(rng.pick([101, 256, 1_001, 5_000, 20_000]));
    case 4:
      return rng.pick(UNICODE) + rng.string(5) + rng.pick(UNICODE);
    case 5:
      return "' OR '1'='1' --";
    case 6:
      return '../../etc/passwd';
    case 7:
      return rng.pick(['null', 'undefined', 'true', 'NaN', '-1', '0', '1e309', '[]', '{}', '__proto__', 'constructor']);
    case 8:
      return randomUUID().replace(/-/g, '');
    case 9:
      return `{${randomUUID()}}`;
    case 10:
      return randomUUID().slice(0, 35) + rng.pick(['g', 'z', '-', ' ', '']);
    case 11:
      return ` ${randomUUID()} `;
    case 12:
      return '<script>alert(1)</script>';
    default:
      return '%s%n%x'.repeat(1 + rng.int(5));
  }
}

/** A JSON value of any type, sometimes nested, sometimes large. */
function randomJson(rng: Random, depth = 0): unknown {
  const roll = rng.int(depth > 2 ? 9 : 12);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE]);
    case 3:
    case 4:
      return badString(rng);
    case 5:
      return randomUUID();
    case 6:
      return '';
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return Array.from({ length: 1 + rng.int(4) }, () => randomJson(rng, depth + 1));
    case 10:
      return Object.fromEntries(Array.from({ length: 1 + rng.int(4) }, () => [rng.pick(['a', 'id', '__proto__', 'constructor', 'tenant_id', 'name', rng.string(6)]), randomJson(rng, depth + 1)]));
    default:
      return { $where: 'sleep(1)', $gt: '' };
  }
}

/** Percent-encodes the UTF-8 bytes of any string, lone surrogates included (as U+FFFD, which is
 * what Buffer makes of them); encodeURIComponent throws on those. */
export function enc(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** A path segment: mostly a wrong value, percent-encoded; sometimes bytes that are not valid
 * percent-encoding at all. */
function badSegment(rng: Random): { raw: string; label: string } {
  const roll = rng.int(10);
  if (roll === 0) return { raw: rng.pick(['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%u0041']), label: 'invalid percent-encoding' };
  if (roll === 1) return { raw: 'a'.repeat(rng.pick([37, 100, 101, 150, 2_000])), label: 'over-long id' };
  if (roll === 2) return { raw: rng.pick(['..', '.', '%2e%2e', '%2F', '%00', '%20', '+', ';', ',', '*']), label: 'path syntax' };
  const value = badString(rng);
  return { raw: enc(value).slice(0, 30_000), label: `bad id ${JSON.stringify(value.slice(0, 24))}` };
}

export function goodId(rng: Random, fixtures: Fixtures): string {
  return rng.chance(0.5) ? rng.pick(Object.values(fixtures.ids)) : randomUUID();
}

// ---------------------------------------------------------------------------------------------
// REST

export function restTarget(info: RouteInfo): string {
  return `${info.route.method} ${info.route.url}`;
}

export function fillPath(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => values[name]);
}

export function queryString(entries: [string, string][]): string {
  return entries.length ? `?${entries.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
}

export function validQuery(info: RouteInfo, rng: Random, fixtures: Fixtures): [string, string][] {
  return info.queryKeys.map((key) => [key, key === 'permission_name' ? rng.pick(['read', 'write', 'delete', 'share']) : key.endsWith('_id') ? goodId(rng, fixtures) : enc(`name-${rng.string(6)}`)]);
}

export function validBody(info: RouteInfo, rng: Random, fixtures: Fixtures): unknown {
  if (info.body === 'array') return [goodId(rng, fixtures)];
  if (info.body === 'none') return undefined;
  return Object.fromEntries(info.bodyKeys.map((key) => [key, key.includes('id') || key === 'tenantId' ? goodId(rng, fixtures) : `${key}-${rng.string(6)}`]));
}

function restCase(info: RouteInfo, rng: Random, fixtures: Fixtures, category: Category): Case {
  const params = Object.fromEntries(info.params.map((name) => [name, goodId(rng, fixtures)]));
  let query = validQuery(info, rng, fixtures);
  let body: string | Buffer | undefined;
  const json = validBody(info, rng, fixtures);
  body = json === undefined ? undefined : JSON.stringify(json);
  let contentType: string | undefined = body === undefined ? undefined : 'application/json';
  const headers: Record<string, string> = { ...rng.pick(fixtures.good) };
  let label = '';

  switch (category) {
    case 'path': {
      const name = info.params.length ? rng.pick(info.params) : undefined;
      if (name) {
        const bad = badSegment(rng);
        params[name] = bad.raw;
        label = `${name}: ${bad.label}`;
      } else {
        label = 'extra path segment';
        return { category, label, target: restTarget(info), method: info.route.method, path: `${info.route.url}/${badSegment(rng).raw}`, headers, body };
      }
      break;
    }
    case 'query': {
      const roll = rng.int(7);
      if (roll === 0 && query.length) {
        const dropped = rng.int(query.length);
        label = `missing ${query[dropped][0]}`;
        query.splice(dropped, 1);
      } else if (roll === 1 && query.length) {
        const [key] = rng.pick(query);
        query.push([key, enc(badString(rng))]);
        label = `${key} repeated (array)`;
      } else if (roll === 2) {
        query.push([rng.pick(['%zz', '%E0%A4%A', '%']), rng.pick(['%', 'x', '%zz'])]);
        label = 'invalid percent-encoding in the query';
      } else if (roll === 3) {
        query.push(...Array.from({ length: 200 }, (_, i): [string, string] => [`k${i}`, 'v']));
        label = '200 unknown parameters';
      } else if (roll === 4) {
        query.push([rng.pick(['__proto__', 'constructor', 'a[b]', 'tenant_id[]', '']), enc(badString(rng))]);
        label = 'odd parameter names';
      } else if (query.length) {
        const index = rng.int(query.length);
        const value = badString(rng);
        query[index] = [query[index][0], enc(value).slice(0, 8_000)];
        label = `${query[index][0]} = ${JSON.stringify(value.slice(0, 24))}`;
      } else {
        query = [[rng.string(5), enc(badString(rng)).slice(0, 8_000)]];
        label = 'query on a route that takes none';
      }
      break;
    }
    case 'body': {
      const roll = rng.int(12);
      if (roll <= 3) {
        const value = info.body === 'object' && rng.chance(0.7) ? Object.fromEntries(info.bodyKeys.map((key) => [key, randomJson(rng)])) : randomJson(rng);
        body = JSON.stringify(value);
        label = `wrong types: ${body.slice(0, 40)}`;
      } else if (roll === 4) {
        body = rng.pick(['{', '{"a":', '[1,2', 'nul', '{"email":"a"}}', "{'a':1}", '\u0000', '{"a":1,}', 'NaN', '']);
        label = `invalid JSON ${JSON.stringify(body)}`;
      } else if (roll === 5) {
        body = deepJson(rng.pick([100, 1_000, 10_000]));
        label = `nested ${body.length / 2} deep`;
      } else if (roll === 6) {
        body = JSON.stringify(info.body === 'array' ? Array.from({ length: rng.pick([1_000, 20_000]) }, () => randomUUID()) : Object.fromEntries(info.bodyKeys.map((key) => [key, 'x'.repeat(rng.pick([10_000, 500_000]))])));
        label = `large (${body.length} bytes)`;
      } else if (roll === 7) {
        body = Buffer.alloc(rng.pick([1_048_577, 2_000_000]), 'a');
        label = `over the body limit (${body.length} bytes)`;
      } else if (roll === 8) {
        body = JSON.stringify({ ...(json as object), __proto__: { isAdmin: true }, constructor: { prototype: { polluted: 1 } } });
        body = body.replace('{', '{"__proto__":{"polluted":true},');
        label = 'prototype keys';
      } else if (roll === 9) {
        body = '{"a":1,"a":2,' + (body?.slice(1) ?? '}');
        label = 'duplicate keys';
      } else if (roll === 10) {
        body = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80, 0x81]);
        label = 'invalid UTF-8';
      } else {
        body = JSON.stringify(info.body === 'array' ? [] : {});
        label = 'empty container';
      }
      break;
    }
    case 'content-type': {
      const type = rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/octet-stream', '', 'application/json, text/plain', 'image/png']);
      contentType = type || undefined;
      body = rng.chance(0.5) ? body ?? '{}' : rng.pick(['a=1&b=2', '<x/>', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', '{}']);
      label = `content-type ${JSON.stringify(type)}`;
      if (rng.chance(0.2)) {
        body = undefined;
        label += ', no body';
      }
      break;
    }
    default:
      throw new Error(`restCase: ${category}`);
  }
  if (contentType) headers['content-type'] = contentType;
  return { category, label, target: restTarget(info), method: info.route.method, path: fillPath(info.route.url, params) + queryString(query), headers, body };
}

// ---------------------------------------------------------------------------------------------
// GraphQL

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

export function validValue(type: GraphQLInputType, rng: Random, fixtures: Fixtures): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, rng, fixtures);
  if (isListType(type)) return [validValue(type.ofType, rng, fixtures)];
  if (isEnumType(type)) return rng.pick(type.getValues()).name;
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, validValue(f.type, rng, fixtures)]));
  const name = getNamedType(type).name;
  if (name === 'UUID') return goodId(rng, fixtures);
  if (name === 'Int') return 10;
  if (name === 'Boolean') return true;
  return `value-${rng.string(6)}`;
}

/** A value the argument's type does not accept (or accepts but the domain should refuse). */
function badValue(type: GraphQLInputType, rng: Random): unknown {
  const roll = rng.int(6);
  if (roll === 0) return null;
  if (roll === 1 && isListType(isNonNullType(type) ? type.ofType : type)) return rng.pick([[], [null], [[]], Array.from({ length: 2_000 }, () => randomUUID()), 'not-a-list']);
  if (roll === 2 && isInputObjectType(getNamedType(type))) return rng.pick([{}, { id: 'x' }, { id: randomUUID(), type: 'ALIEN' }, { unknown: 1 }, 'string']);
  if (roll === 3 && isEnumType(getNamedType(type))) return rng.pick(['read', 'ADMIN', '', 1, null]);
  return randomJson(rng);
}

function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) ? ' { __typename }' : '';
}

function argsDoc(root: RootField, args: GraphQLArgument[]): string {
  const defs = args.map((arg) => `$${arg.name}: ${typeString(arg.type)}`).join(', ');
  const uses = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${root.operation} Op${defs ? `(${defs})` : ''} { ${root.field.name}${uses ? `(${uses})` : ''}${selection(root.field)} }`;
}

function graphqlCase(body: unknown, headers: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

function mutateText(text: string, rng: Random): string {
  let out = text;
  for (let i = 0, edits = 1 + rng.int(3); i < edits; i++) {
    const at = rng.int(out.length + 1);
    const roll = rng.int(4);
    if (roll === 0) out = out.slice(0, at) + out.slice(at + 1);
    else if (roll === 1) out = out.slice(0, at) + rng.pick(['{', '}', '(', ')', '$', ':', '!', '@', '"', '\\', '...', '#', '\u0000', '[', ']', '=']) + out.slice(at);
    else if (roll === 2) out = out.slice(0, at) + out.slice(at, at + 10) + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

export function graphqlTarget(root: RootField): string {
  return `graphql ${root.operation} ${root.field.name}`;
}

function gqlDocumentCase(root: RootField, rng: Random, fixtures: Fixtures): Omit<Case, 'category'> {
  const args = [...root.field.args];
  const variables = Object.fromEntries(args.map((arg) => [arg.name, validValue(arg.type, rng, fixtures)]));
  let query = argsDoc(root, args);
  let label: string;
  const roll = rng.int(8);
  if (roll === 0) {
    query = mutateText(query, rng);
    label = 'syntax damage';
  } else if (roll === 1 && args.some((arg) => isNonNullType(arg.type))) {
    const required = args.filter((arg) => isNonNullType(arg.type));
    const dropped = rng.pick(required);
    query = argsDoc(root, args.filter((arg) => arg !== dropped));
    label = `missing required ${dropped.name}`;
  } else if (roll === 2) {
    query = query.replace(root.field.name, `${root.field.name}(bogus: 1)`).replace(/\((\w+: \$)/, '($1');
    label = 'unknown argument';
  } else if (roll === 3) {
    query = `${root.operation} { ${root.field.name}${selection(root.field) ? ' { noSuchField }' : ' { x }'} }`;
    label = 'unknown field in the selection';
  } else if (roll === 4 && args.length) {
    // Literal arguments of the wrong type, no variables.
    const literal = args.map((arg) => `${arg.name}: ${rng.pick(['1', '1.5', 'true', 'null', '"not-a-uuid"', '[]', '{}', 'READ', '""', '"' + 'x'.repeat(1_000) + '"'])}`).join(', ');
    query = `${root.operation} { ${root.field.name}(${literal})${selection(root.field)} }`;
    label = 'literal arguments of the wrong type';
  } else if (roll === 5) {
    query = selection(root.field) ? `${root.operation} { ${root.field.name}${args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} }` : `${query.replace(/ }$/, ' { id } }')}`;
    label = selection(root.field) ? 'object field without a selection' : 'selection on a scalar';
  } else if (roll === 6) {
    query = `${root.operation === 'query' ? 'mutation' : 'query'} Op { ${root.field.name} }`;
    label = 'field under the wrong root type';
  } else {
    query = `${query}\n${root.operation} Op { __typename }`;
    label = 'two operations with the same name';
  }
  return { label, target: graphqlTarget(root), method: 'POST', path: '/graphql', ...graphqlCase({ query, variables }, rng.pick(fixtures.good)) };
}

function gqlVariablesCase(root: RootField, rng: Random, fixtures: Fixtures): Omit<Case, 'category'> {
  const args = [...root.field.args];
  const query = argsDoc(root, args);
  const variables: Record<string, unknown> = Object.fromEntries(args.map((arg) => [arg.name, validValue(arg.type, rng, fixtures)]));
  let label: string;
  let body: unknown;
  const roll = rng.int(8);
  if (roll <= 4 && args.length) {
    const arg = rng.pick(args);
    variables[arg.name] = badValue(arg.type, rng);
    label = `${arg.name}: ${typeString(arg.type)} = ${JSON.stringify(variables[arg.name])?.slice(0, 40)}`;
    body = { query, variables };
  } else if (roll === 5 && args.length) {
    const arg = rng.pick(args);
    delete variables[arg.name];
    label = `variable ${arg.name} not given`;
    body = { query, variables };
  } else if (roll === 6) {
    body = { query, variables: rng.pick(['{"a":1}', [variables], 42, true, 'null']) };
    label = 'variables not an object';
  } else {
    body = { query, variables: { ...variables, extra: randomJson(rng), ['x'.repeat(200)]: 1 } };
    label = 'unknown variables';
  }
  return { label, target: graphqlTarget(root), method: 'POST', path: '/graphql', ...graphqlCase(body, rng.pick(fixtures.good)) };
}

function gqlLimitsCase(rng: Random, fixtures: Fixtures): Omit<Case, 'category'> {
  const roll = rng.int(8);
  let query: string;
  let label: string;
  if (roll === 0) {
    const depth = rng.pick([12, 30, 200]);
    query = `{ me { ${'memberships { tenant { '.repeat(depth)}id${' } }'.repeat(depth)} } }`;
    label = `depth ${depth * 2}`;
  } else if (roll === 1) {
    const n = rng.pick([16, 100, 1_000]);
    query = `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    label = `${n} aliases`;
  } else if (roll === 2) {
    const n = rng.pick([2_001, 20_000]);
    query = `{ me { ${'id '.repeat(n)}} }`;
    label = `${n} tokens`;
  } else if (roll === 3) {
    const n = rng.pick([51, 500]);
    query = `{ me { id ${'@include(if: true) '.repeat(n)}} }`;
    label = `${n} directives`;
  } else if (roll === 4) {
    query = 'query { me { ...A } } fragment A on User { ...B } fragment B on User { ...A }';
    label = 'fragment cycle';
  } else if (roll === 5) {
    query = `{ tenant(id: "${randomUUID()}") { members(first: 100) { edges { node { roles { members { id } } tenant { roles { members { id } } } } } } } }`;
    label = 'costly nested lists';
  } else if (roll === 6) {
    query = `{ me { id } } # ${'x'.repeat(rng.pick([100_000, 900_000]))}`;
    label = 'huge comment';
  } else {
    query = `{ userIdByEmail(email: "${'a'.repeat(rng.pick([1_000, 100_000]))}") }`;
    label = 'huge string literal';
  }
  return { label, target: 'graphql limits', method: 'POST', path: '/graphql', ...graphqlCase({ query }, rng.pick(fixtures.good)) };
}

function gqlTransportCase(rng: Random, fixtures: Fixtures, roots: RootField[]): Omit<Case, 'category'> {
  const root = rng.pick(roots);
  const query = argsDoc(root, [...root.field.args]);
  const auth = rng.pick(fixtures.good);
  const json = (body: unknown, label: string, extra: Record<string, string> = {}) => ({ label, target: 'graphql transport', method: 'POST', path: '/graphql', ...graphqlCase(body, { ...auth, ...extra }) });
  switch (rng.int(18)) {
    case 16: {
      // A declared variable (the first argument of a field that has one) holding a deep array.
      const withArgs = roots.filter((r) => r.field.args.length);
      const target = rng.pick(withArgs);
      const variables = Object.fromEntries(target.field.args.map((arg) => [arg.name, validValue(arg.type, rng, fixtures)]));
      const name = target.field.args[0].name;
      const text = JSON.stringify({ query: argsDoc(target, [...target.field.args]), variables: { ...variables, [name]: '__DEEP__' } });
      return { ...json(text.replace('"__DEEP__"', deepJson(rng.pick([1_000, 10_000]))), `deeply nested variable (${name})`), target: graphqlTarget(target) };
    }
    case 17:
      return json(deepJson(rng.pick([1_000, 10_000])), 'deeply nested body');
    case 0:
      return { label: 'GET without preflight header', target: 'graphql transport', method: 'GET', path: `/graphql?query=${enc('{ me { id } }')}`, headers: auth };
    case 1:
      return { label: 'GET mutation', target: 'graphql transport', method: 'GET', path: `/graphql?query=${enc('mutation { selectTenant(tenantId: null) { id } }')}`, headers: { ...auth, 'apollo-require-preflight': 'true' } };
    case 2:
      return { label: 'GET with broken variables', target: 'graphql transport', method: 'GET', path: `/graphql?query=${enc('{ me { id } }')}&variables=%7B`, headers: { ...auth, 'apollo-require-preflight': 'true' } };
    case 3:
      return json([{ query }, { query }], 'batched array');
    case 4:
      return json({ variables: {} }, 'no query');
    case 5:
      return json({ query: rng.pick([42, null, true, ['{ me { id } }'], { a: 1 }]) }, 'query not a string');
    case 6:
      return json({ query, operationName: rng.pick([42, 'Nope', '', null, ['Op']]) }, 'bad operationName');
    case 7:
      return json({ query: 'query A { me { id } } query B { me { email } }' }, 'two operations, no operationName');
    case 8:
      return json({ query: 'subscription { me { id } }' }, 'subscription');
    case 9:
      return json({ extensions: { persistedQuery: { version: 1, sha256Hash: rng.pick(['abc', '0'.repeat(64), 42]) } } }, 'unknown persisted query');
    case 10:
      return json({ query, extensions: rng.pick(['x', 42, { persistedQuery: 'x' }, { persistedQuery: { version: 2 } }]) }, 'bad extensions');
    case 11:
      return json('{"query": "{ me { id } }"', 'invalid JSON');
    case 12:
      return json('', 'empty body');
    case 13:
      return { label: 'text/plain body (CSRF)', target: 'graphql transport', method: 'POST', path: '/graphql', headers: { ...auth, 'content-type': 'text/plain' }, body: JSON.stringify({ query }) };
    case 14:
      return { label: 'form body', target: 'graphql transport', method: 'POST', path: '/graphql', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${enc(query)}` };
    default:
      return json({ query: '{ __schema { types { name } } }' }, 'introspection in production');
  }
}

// ---------------------------------------------------------------------------------------------
// Credentials and headers, on any route or operation with otherwise valid input

function validRequest(rng: Random, fixtures: Fixtures, routes: RouteInfo[], roots: RootField[]): Omit<Case, 'category' | 'label'> {
  if (rng.chance(0.5)) {
    const info = rng.pick(routes);
    const params = Object.fromEntries(info.params.map((name) => [name, goodId(rng, fixtures)]));
    const json = validBody(info, rng, fixtures);
    return {
      target: restTarget(info),
      method: info.route.method,
      path: fillPath(info.route.url, params) + queryString(validQuery(info, rng, fixtures)),
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    };
  }
  const root = rng.pick(roots);
  const variables = Object.fromEntries(root.field.args.map((arg) => [arg.name, validValue(arg.type, rng, fixtures)]));
  return { target: graphqlTarget(root), method: 'POST', path: '/graphql', ...graphqlCase({ query: argsDoc(root, [...root.field.args]), variables }, {}) };
}

function credentialCase(category: 'auth-header' | 'token' | 'api-key', rng: Random, fixtures: Fixtures, routes: RouteInfo[], roots: RootField[]): Omit<Case, 'category'> {
  const request = validRequest(rng, fixtures, routes, roots);
  const pool = fixtures.bad.filter((entry) => entry.category === category);
  const chosen = rng.pick(pool);
  return { ...request, label: chosen.label, headers: { ...request.headers, ...chosen.headers } };
}

function headersCase(rng: Random, fixtures: Fixtures, routes: RouteInfo[], roots: RootField[]): Omit<Case, 'category'> {
  const request = validRequest(rng, fixtures, routes, roots);
  const headers = { ...request.headers, ...rng.pick(fixtures.good) };
  const roll = rng.int(8);
  let label: string;
  if (roll === 0) {
    headers['x-request-id'] = rng.pick(['', ' ', 'a'.repeat(5_000), 'id with spaces', '../../x', '%00']);
    label = `x-request-id ${JSON.stringify(headers['x-request-id'].slice(0, 20))}`;
  } else if (roll === 1) {
    headers.accept = rng.pick(['text/html', 'application/xml', '*/*;q=0', 'application/graphql-response+json', 'multipart/mixed']);
    label = `accept ${headers.accept}`;
  } else if (roll === 2) {
    headers['x-forwarded-for'] = rng.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1', '']);
    label = 'x-forwarded-for';
  } else if (roll === 3) {
    headers['x-big'] = 'a'.repeat(rng.pick([8_000, 20_000, 70_000]));
    label = `one header of ${headers['x-big'].length} bytes`;
  } else if (roll === 4) {
    for (let i = 0; i < 150; i++) headers[`x-h${i}`] = 'v';
    label = '150 extra headers';
  } else if (roll === 5) {
    headers['content-encoding'] = rng.pick(['gzip', 'br', 'deflate', 'bogus']);
    label = `content-encoding ${headers['content-encoding']} on a plain body`;
  } else if (roll === 6) {
    headers['transfer-encoding'] = 'chunked';
    label = 'chunked body';
  } else {
    headers['content-type'] = `application/json; ${'a=b; '.repeat(200)}`;
    label = 'content-type with 200 parameters';
  }
  return { ...request, label, headers };
}

function routeMethodCase(rng: Random, fixtures: Fixtures, routes: RouteInfo[]): Omit<Case, 'category'> {
  const info = rng.pick(routes);
  const params = Object.fromEntries(info.params.map((name) => [name, goodId(rng, fixtures)]));
  const path = fillPath(info.route.url, params);
  const headers = rng.pick(fixtures.good);
  switch (rng.int(6)) {
    case 0:
      return { label: 'unregistered method', target: restTarget(info), method: rng.pick(['PUT', 'PATCH', 'OPTIONS']), path, headers };
    case 1:
      return { label: 'trailing slash', target: restTarget(info), method: info.route.method, path: `${path}/`, headers };
    case 2:
      return { label: 'double slash', target: restTarget(info), method: info.route.method, path: path.replace('/api/', '//api/'), headers };
    case 3:
      return { label: 'upper-case path', target: restTarget(info), method: info.route.method, path: path.toUpperCase(), headers };
    case 4:
      return { label: 'unknown route', target: 'unknown', method: rng.pick(['GET', 'POST', 'DELETE']), path: `/api/v1/${rng.string(8)}/${randomUUID()}`, headers };
    default:
      return { label: 'encoded slash in the path', target: restTarget(info), method: info.route.method, path: path.replace(/\/([^/]+)$/, '%2F$1'), headers };
  }
}

/** One generated malformed request. */
/** One malformed request aimed at each route and each root field, so that a small run covers
 * every target however many there are (random picks alone leave some out as targets are added). */
export function coveringCases(rng: Random, fixtures: Fixtures, routes: RouteInfo[], roots: RootField[]): Case[] {
  return [...routes.map((route) => restCase(route, rng, fixtures, 'query')), ...roots.map((root) => ({ category: 'graphql-document' as const, ...gqlDocumentCase(root, rng, fixtures) }))];
}

export function generateCase(rng: Random, fixtures: Fixtures, routes: RouteInfo[], roots: RootField[]): Case {
  const category = rng.weighted<Category>({
    path: 12,
    query: 10,
    body: 14,
    'content-type': 6,
    'graphql-document': 14,
    'graphql-variables': 14,
    'graphql-limits': 5,
    'graphql-transport': 6,
    'auth-header': 4,
    token: 5,
    'api-key': 4,
    headers: 4,
    'route-method': 4,
  });
  switch (category) {
    case 'path':
      return restCase(rng.pick(routes.filter((r) => r.params.length)), rng, fixtures, category);
    case 'query':
      return restCase(rng.pick(routes), rng, fixtures, category);
    case 'body':
    case 'content-type':
      return restCase(rng.pick(routes.filter((r) => r.body !== 'none')), rng, fixtures, category);
    case 'graphql-document':
      return { category, ...gqlDocumentCase(rng.pick(roots), rng, fixtures) };
    case 'graphql-variables':
      return { category, ...gqlVariablesCase(rng.pick(roots.filter((r) => r.field.args.length)), rng, fixtures) };
    case 'graphql-limits':
      return { category, ...gqlLimitsCase(rng, fixtures) };
    case 'graphql-transport':
      return { category, ...gqlTransportCase(rng, fixtures, roots) };
    case 'auth-header':
    case 'token':
    case 'api-key':
      return { category, ...credentialCase(category, rng, fixtures, routes, roots) };
    case 'headers':
      return { category, ...headersCase(rng, fixtures, routes, roots) };
    case 'route-method':
      return { category, ...routeMethodCase(rng, fixtures, routes) };
  }
}
