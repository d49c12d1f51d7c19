import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { z } from 'zod';
import { canonicalUuid } from '../../../src/domain/uuid.ts';
import { fillPath, goodId, queryString, restTarget, unwrap, validBody, validQuery, validValue, type Case, type Fixtures, type RouteInfo } from './malformed-cases.ts';
import type { Random } from './stress-env.ts';

/** Hostile text and identifiers aimed at every string input both doors accept, found from the
 * route table (zod schemas) and the served GraphQL schema (every argument and input field of
 * type String, UUID or ID, on root fields and on the fields of every type a query reaches), not
 * from a hand list. Each case says whether the service must refuse it (a 4xx naming the input)
 * or may accept it; either way it must never answer 5xx. */

export const FAMILIES = ['nul', 'surrogate', 'control', 'unicode-fold', 'uuid-variant', 'cursor'] as const;
export type Family = (typeof FAMILIES)[number];
type SlotKind = 'uuid' | 'text' | 'cursor';
type Carrier = 'path' | 'query' | 'json' | 'form' | 'variables' | 'literal';

/** What the answer must be beyond "below 500, documented shape". */
export type Expectation = 'any' | 'refused';

export interface HostileCase extends Omit<Case, 'category'> {
  category: 'hostile';
  family: Family;
  carrier: Carrier;
  expect: Expectation;
  /** The input aimed at: "POST /api/v1/datasets body.name", "graphql Tenant.members(after)". */
  slot: string;
}

export interface Slot {
  name: string;
  kind: SlotKind;
  build(value: string, rng: Random, fixtures: Fixtures): Omit<HostileCase, 'category' | 'family' | 'expect' | 'label' | 'slot'>;
}

// ---------------------------------------------------------------------------------------------
// Values

const CONTROLS = ['\u0001', '\u0008', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\u200b', '\u200e', '\u202e', '\u2028', '\ufeff', '\ufffe', '\uffff'];
/** Spellings that are one address (or one name) under the email key, and near-misses that are not. */
const FOLD_PAIRS = [
  ['ΟΔΟΣ@example.gr', 'οδος@example.gr', 'οδοσ@example.gr'],
  ['İSTANBUL@example.tr', 'i\u0307stanbul@example.tr', 'ıstanbul@example.tr', 'ISTANBUL@example.tr'],
  ['josé@example.test', 'jose\u0301@example.test', 'JOSÉ@example.test', 'JOSE\u0301@example.test'],
  ['ｊｏｓｅ@ｅｘａｍｐｌｅ．ｔｅｓｔ', 'jose@example.test'],
  ['STRAẞE@example.de', 'straße@example.de', 'strasse@example.de'],
  ['ﬁn@example.test', 'fin@example.test'],
  ['\u212aelvin@example.test', 'kelvin@example.test'],
  ['ſam@example.test', 'sam@example.test'],
  ['ǅemal@example.test', 'ǆemal@example.test', 'Ǆemal@example.test'],
  ['Ꭰ@example.test', 'ꭰ@example.test'],
  ['Åsa@example.test', '\u212bsa@example.test', 'A\u030asa@example.test'],
];

function insertAt(base: string, piece: string, rng: Random): string {
  const where = rng.int(4);
  if (where === 0) return piece + base;
  if (where === 1) return base + piece;
  if (where === 2) return piece;
  const at = rng.int(base.length + 1);
  return base.slice(0, at) + piece + base.slice(at);
}

/** A canonical id in another textual form; some are the same id (case), most are not ids. */
function uuidVariant(id: string, rng: Random): string {
  const hex = id.replace(/-/g, '');
  return rng.pick([
    () => id.toUpperCase(),
    () => id.replace(/[a-f]/g, (c) => (rng.chance(0.5) ? c.toUpperCase() : c)),
    () => `{${id}}`,
    () => `${id}}`,
    () => `{${id}`,
    () => hex,
    () => hex.toUpperCase(),
    () => `urn:uuid:${id}`,
    () => ` ${id}`,
    () => `${id} `,
    () => `${id}\n`,
    () => `\t${id}`,
    () => id.slice(0, 35),
    () => `${id}0`,
    () => id.replace(/[0-9]/, 'g'),
    () => id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))), // full-width digits
    () => id.replace(/-/g, '\u2010'), // Unicode hyphens
    () => id.replace(/-/g, '_'),
    () => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16)}`,
    () => '00000000-0000-0000-0000-000000000000',
    () => 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    () => `${id},${id}`,
    () => `(${id})`,
    () => `"${id}"`,
  ])();
}

function b64(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Cursors a client could forge: decoded contents with NUL, surrogates, ids in other forms,
 * wrong shapes, sizes and encodings. `valid` marks the ones the service may accept. */
function hostileCursor(rng: Random, fixtures: Fixtures): { value: string; valid: boolean } {
  const id = fixtures.ids.user;
  const picks: (() => { value: string; valid: boolean })[] = [
    () => ({ value: b64(JSON.stringify(['a\u0000@example.test', id])), valid: false }),
    () => ({ value: b64(JSON.stringify(['\ud800', id])), valid: false }),
    () => ({ value: b64(`["a@example.test","${id}\\u0000"]`), valid: false }),
    () => ({ value: b64(JSON.stringify({ '\u0000': 1 })), valid: false }),
    () => ({ value: b64(JSON.stringify(['a@example.test', `{${id}}`])), valid: false }),
    () => ({ value: b64(JSON.stringify(['a@example.test', `${id}}`])), valid: false }),
    () => ({ value: b64(JSON.stringify(['a@example.test', id.replace(/-/g, '')])), valid: false }),
    () => ({ value: b64(JSON.stringify(['a@example.test', id.toUpperCase()])), valid: true }),
    () => ({ value: b64(JSON.stringify(['a@example.test', "' OR 1=1 --"])), valid: false }),
    () => ({ value: b64(JSON.stringify(['', id])), valid: false }),
    () => ({ value: b64(JSON.stringify([])), valid: false }),
    () => ({ value: b64('null'), valid: false }),
    () => ({ value: b64('{}'), valid: false }),
    () => ({ value: b64(JSON.stringify([1, 2])), valid: false }),
    () => ({ value: b64('["a", 1e309]'), valid: false }),
    () => ({ value: b64('['.repeat(2_000) + ']'.repeat(2_000)), valid: false }),
    () => ({ value: b64(JSON.stringify(['x'.repeat(60_000), id])), valid: false }),
    () => ({ value: b64(Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80])), valid: false }),
    () => ({ value: '!!!not base64!!!', valid: false }),
    () => ({ value: b64(JSON.stringify(['ΟΔΟΣ@example.gr', id])), valid: true }),
  ];
  return rng.pick(picks)();
}

/** A hostile value of `family` for a slot of `kind` whose valid value is `base`. */
function hostileValue(family: Family, kind: SlotKind, base: string, rng: Random, fixtures: Fixtures): { value: string; expect: Expectation; label: string } {
  switch (family) {
    case 'nul': {
      const value = insertAt(base, '\u0000', rng);
      return { value, expect: 'refused', label: 'U+0000' };
    }
    case 'surrogate': {
      const piece = rng.pick(['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', '\ud83d']);
      return { value: insertAt(base, piece, rng), expect: 'refused', label: `unpaired surrogate ${escape(piece)}` };
    }
    case 'control': {
      const piece = rng.pick(CONTROLS);
      return { value: insertAt(base, piece, rng), expect: 'any', label: `control ${escape(piece)}` };
    }
    case 'unicode-fold': {
      const value = rng.pick(rng.pick(FOLD_PAIRS));
      return { value: kind === 'text' ? value : insertAt(base, value, rng), expect: 'any', label: `fold ${value.slice(0, 12)}` };
    }
    case 'uuid-variant': {
      const value = uuidVariant(kind === 'uuid' && canonicalUuid(base) ? base : rng.pick(Object.values(fixtures.ids)), rng);
      return { value, expect: kind === 'uuid' && canonicalUuid(value) === null ? 'refused' : 'any', label: `uuid ${value.slice(0, 40)}` };
    }
    case 'cursor': {
      const { value, valid } = hostileCursor(rng, fixtures);
      return { value, expect: valid ? 'any' : 'refused', label: `cursor ${value.slice(0, 16)}` };
    }
  }
}

function escape(text: string): string {
  return [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** Percent-encodes a string as UTF-8, an unpaired surrogate as its 3 (invalid, CESU-8) bytes:
 * what a careless client sends for one. */
function encHostile(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff;
    const char = pair ? value.slice(i, i + 2) : value[i];
    if (pair) i++;
    const bytes = unit >= 0xd800 && unit <= 0xdfff && !pair ? [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)] : [...Buffer.from(char, 'utf8')];
    for (const byte of bytes) {
      const c = String.fromCharCode(byte);
      out += /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// REST slots, from the route table

/** uuid when the field's own schema takes an id and refuses other text. */
function kindOf(schema: z.ZodType | undefined): SlotKind {
  if (!schema) return 'text';
  return !schema.safeParse('not-an-id').success && schema.safeParse(randomUUID()).success ? 'uuid' : 'text';
}

function fieldSchema(schema: z.ZodType | undefined, key: string): z.ZodType | undefined {
  return (unwrap(schema) as any)?.shape?.[key];
}

/** A valid request to a route with one input replaced: where the hostile value goes. */
interface Placed {
  params: Record<string, string>;
  query: [string, string][];
  body: string | undefined;
  contentType?: string;
  carrier: Carrier;
}

export function restSlots(routes: RouteInfo[]): Slot[] {
  const slots: Slot[] = [];
  for (const info of routes) {
    const target = restTarget(info);
    const slot = (name: string, kind: SlotKind, place: (valid: Placed, value: string, rng: Random) => Placed): Slot => ({
      name: `${target} ${name}`,
      kind,
      build(value, rng, fixtures) {
        const body = validBody(info, rng, fixtures);
        const valid: Placed = {
          params: Object.fromEntries(info.params.map((param) => [param, goodId(rng, fixtures)])),
          query: validQuery(info, rng, fixtures),
          body: body === undefined ? undefined : JSON.stringify(body),
          contentType: body === undefined ? undefined : 'application/json',
          carrier: 'json',
        };
        const placed = place(valid, value, rng);
        return { target, method: info.route.method, path: fillPath(info.route.url, placed.params) + queryString(placed.query), body: placed.body, headers: headers(fixtures, placed.contentType), carrier: placed.carrier };
      },
    });
    for (const name of info.params) {
      slots.push(slot(`path.${name}`, kindOf(fieldSchema(info.route.path, name)), (valid, value) => ({ ...valid, params: { ...valid.params, [name]: encHostile(value) }, carrier: 'path' })));
    }
    for (const key of info.queryKeys) {
      const query = (valid: Placed, value: string) => valid.query.map(([k, v]): [string, string] => (k === key ? [k, encHostile(value)] : [k, v]));
      slots.push(slot(`query.${key}`, kindOf(fieldSchema(info.route.query, key)), (valid, value) => ({ ...valid, query: query(valid, value), carrier: 'query' })));
    }
    if (info.body === 'array') slots.push(slot('body[]', 'uuid', (valid, value) => ({ ...valid, body: JSON.stringify([value]) })));
    for (const key of info.bodyKeys) {
      slots.push(
        slot(`body.${key}`, kindOf(fieldSchema(info.route.body, key)), (valid, value, rng) => {
          const fields = { ...(JSON.parse(valid.body ?? '{}') as Record<string, string>), [key]: value };
          // Forms too (the login route is an OAuth2 form): every field a string.
          if (!rng.chance(0.3)) return { ...valid, body: JSON.stringify(fields), contentType: 'application/json', carrier: 'json' };
          const form = Object.entries(fields).map(([k, v]) => `${encHostile(k)}=${encHostile(String(v))}`).join('&');
          return { ...valid, body: form, contentType: 'application/x-www-form-urlencoded', carrier: 'form' };
        }),
      );
    }
  }
  return slots;
}

/** The bearer token: an API key among the credentials could be revoked by a case itself (a
 * revokeApiKey naming the fixture key in upper case is valid), and every later case would be 401. */
function headers(fixtures: Fixtures, contentType?: string | false): Record<string, string> {
  return { ...fixtures.good[0], ...(contentType ? { 'content-type': contentType } : {}) };
}

// ---------------------------------------------------------------------------------------------
// GraphQL slots, from the served schema

const STRING_SCALARS = new Set(['String', 'UUID', 'ID']);
const CURSOR_ARGS = new Set(['after', 'before']);

interface Hop {
  field: GraphQLField<unknown, unknown>;
}

/** One query path to each object type, from Query: `tenant(id: …) { members(…) }` reaches
 * the fields of Tenant. */
function pathsFromQuery(schema: GraphQLSchema): Map<string, Hop[]> {
  const paths = new Map<string, Hop[]>([[schema.getQueryType()!.name, []]]);
  const queue: GraphQLObjectType[] = [schema.getQueryType()!];
  while (queue.length) {
    const type = queue.shift()!;
    // A single object first: `tenant(id:)` names the fixture's tenant, where a list (`myTenants`)
    // reaches whatever tenants earlier cases left the caller in, some of which it may not manage.
    const fields = Object.values(type.getFields()).sort((a, b) => Number(isListType(getNullableType(a.type))) - Number(isListType(getNullableType(b.type))));
    for (const field of fields) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || paths.has(named.name) || named.name.startsWith('__')) continue;
      paths.set(named.name, [...paths.get(type.name)!, { field }]);
      queue.push(named);
    }
  }
  return paths;
}

/** The string leaves of an argument: itself, or the fields of its input object (and theirs). */
function leaves(type: GraphQLInputType, path: string[] = [], depth = 0): { path: string[]; scalar: string }[] {
  const named = getNamedType(type);
  if (isScalarType(named)) return STRING_SCALARS.has(named.name) ? [{ path, scalar: named.name }] : [];
  if (isInputObjectType(named) && depth < 3) return Object.values(named.getFields()).flatMap((f) => leaves(f.type, [...path, f.name], depth + 1));
  return [];
}

/** A valid value as a GraphQL literal. */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return `[${(value as unknown[]).map((v) => literal(v, inner.ofType)).join(', ')}]`;
  if (isEnumType(inner)) return String(value);
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** For a cursor slot, the arguments that name the caller's own objects: a cursor is decoded once
 * what it pages was found and may be read (`events(tenantId, after)`, an endpoint's delivery log),
 * so a random id would answer NOT_FOUND before the cursor is looked at. */
const CURSOR_OWNERS: Record<string, keyof Fixtures['ids']> = { tenantId: 'tenant', endpointId: 'endpoint' };

/** A field's required arguments. */
function requiredArgs(field: GraphQLField<unknown, unknown>, except: GraphQLArgument | null, rng: Random, fixtures: Fixtures, kind?: SlotKind): string[] {
  return field.args
    .filter((a) => a !== except && isNonNullType(a.type))
    .map((a) => `${a.name}: ${kind === 'cursor' && CURSOR_OWNERS[a.name] ? JSON.stringify(fixtures.ids[CURSOR_OWNERS[a.name]]) : literal(validValue(a.type, rng, fixtures), a.type)}`);
}

const FIXTURE_OF: Record<string, keyof Fixtures['ids']> = { Tenant: 'tenant', Role: 'role', Dataset: 'dataset', User: 'user' };

/** A hop's required arguments, its id naming the fixture of the type it returns (the caller's
 * tenant, role, dataset), so the field behind it is reached rather than answered NOT_FOUND. */
function hopArguments(field: GraphQLField<unknown, unknown>, rng: Random, fixtures: Fixtures): string[] {
  const fixture = FIXTURE_OF[getNamedType(field.type).name];
  return field.args
    .filter((a) => isNonNullType(a.type))
    .map((a) => `${a.name}: ${fixture && getNamedType(a.type).name === 'UUID' ? JSON.stringify(fixtures.ids[fixture]) : literal(validValue(a.type, rng, fixtures), a.type)}`);
}

/** Sets the value at `path` inside a valid argument value (a list gets it as its one element). */
function withLeaf(value: unknown, type: GraphQLInputType, path: string[], leaf: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [withLeaf(Array.isArray(value) ? value[0] : undefined, inner.ofType, path, leaf)];
  if (!path.length) return leaf;
  const named = getNamedType(inner);
  if (!isInputObjectType(named)) return leaf;
  const [head, ...rest] = path;
  const object = { ...((value as Record<string, unknown>) ?? {}) };
  object[head] = withLeaf(object[head], named.getFields()[head].type, rest, leaf);
  return object;
}

export function graphqlSlots(schema: GraphQLSchema): { slots: Slot[]; unreached: string[] } {
  const paths = pathsFromQuery(schema);
  const slots: Slot[] = [];
  const unreached: string[] = [];
  const mutation = schema.getMutationType();
  const types = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  for (const type of types) {
    const isMutation = type === mutation;
    const hops = isMutation ? [] : paths.get(type.name);
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        for (const leaf of leaves(arg.type)) {
          const name = `graphql ${type.name}.${field.name}(${[arg.name, ...leaf.path].join('.')})`;
          if (!hops) {
            unreached.push(name);
            continue;
          }
          const kind: SlotKind = leaf.scalar !== 'String' ? 'uuid' : !leaf.path.length && CURSOR_ARGS.has(arg.name) ? 'cursor' : 'text';
          slots.push({
            name,
            kind,
            build(value, rng, fixtures) {
              const topLevelScalar = !leaf.path.length && !isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
              const asLiteral = topLevelScalar && rng.chance(0.3);
              const args = [...requiredArgs(field, arg, rng, fixtures, kind), asLiteral ? `${arg.name}: ${JSON.stringify(value)}` : `${arg.name}: $v`];
              const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
              let body = `${field.name}(${args.join(', ')})${selection}`;
              for (const hop of [...hops].reverse()) {
                const hopArgs = hopArguments(hop.field, rng, fixtures);
                body = `${hop.field.name}${hopArgs.length ? `(${hopArgs.join(', ')})` : ''} { ${body} }`;
              }
              const operation = isMutation ? 'mutation' : 'query';
              const query = asLiteral ? `${operation} Hostile { ${body} }` : `${operation} Hostile($v: ${arg.type.toString()}) { ${body} }`;
              const variables = asLiteral ? {} : { v: withLeaf(validValue(arg.type, rng, fixtures), arg.type, leaf.path, value) };
              return {
                target: isMutation || type === schema.getQueryType() ? `graphql ${isMutation ? 'mutation' : 'query'} ${field.name}` : `graphql ${type.name}.${field.name}`,
                method: 'POST',
                path: '/graphql',
                headers: headers(fixtures, 'application/json'),
                body: JSON.stringify({ query, variables }),
                carrier: asLiteral ? 'literal' : 'variables',
              };
            },
          });
        }
      }
    }
  }
  return { slots, unreached };
}

// ---------------------------------------------------------------------------------------------

const FAMILIES_FOR: Record<SlotKind, Family[]> = {
  uuid: ['nul', 'surrogate', 'control', 'unicode-fold', 'uuid-variant'],
  text: ['nul', 'surrogate', 'control', 'unicode-fold'],
  cursor: ['cursor', 'cursor', 'nul', 'surrogate', 'control'],
};

function validFor(kind: SlotKind, rng: Random, fixtures: Fixtures): string {
  if (kind === 'uuid') return goodId(rng, fixtures);
  if (kind === 'cursor') return b64(JSON.stringify(['a@example.test', fixtures.ids.user]));
  return rng.pick(['name-' + rng.string(6), `user-${rng.string(6)}@example.test`, 'a']);
}

/** `perSlot` cases for every slot, the families taken in turn (so a small run still gives each
 * slot several kinds of hostile value, and a full run all of them many times). */
export function hostileCases(slots: Slot[], perSlot: number, rng: Random, fixtures: Fixtures): HostileCase[] {
  const cases: HostileCase[] = [];
  slots.forEach((slot, s) => {
    const families = FAMILIES_FOR[slot.kind];
    for (let k = 0; k < perSlot; k++) {
      const family = families[(s + k) % families.length];
      const { value, expect, label } = hostileValue(family, slot.kind, validFor(slot.kind, rng, fixtures), rng, fixtures);
      const built = slot.build(value, rng, fixtures);
      // A surrogate can only travel as such in JSON; in a URL or a form it arrives as invalid
      // UTF-8, which the decoder replaces: accepting that text is fine.
      const refused = expect === 'refused' && !(family === 'surrogate' && ['path', 'query', 'form'].includes(built.carrier));
      cases.push({ ...built, category: 'hostile', family, expect: refused ? 'refused' : 'any', label, slot: slot.name });
    }
  });
  return cases;
}
