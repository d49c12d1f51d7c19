import { Field, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { DatasetPermissionEnum } from '../graphql/enums.ts';
import { DateTimeISO, UUID } from '../graphql/scalars.ts';
import { datasetPermissionRef, idAndName, instantOut, legacyPermission, permissionName, uuidOut } from '../rest/response-shapes.ts';

/** An answer's shape, declared once: the GraphQL object type, the selection a legacy route asks
 * for, the legacy body (snake_case, as zod and so /openapi.json describe it) and its presenter,
 * and the console's fragment (console/src/generated/fragments.ts) are all derived from it. */

interface Leaf {
  kind: 'leaf';
  graphql: () => unknown;
  zod: z.ZodType;
  /** The legacy spelling of a value (GraphQL's `READ` is the legacy `read`). */
  legacy?: (value: any) => unknown;
}

export interface FieldSpec {
  type: Leaf | Shape;
  list?: boolean;
  nullable?: boolean;
  description?: string;
  /** A list of a shape the legacy body spells as a record: `{ <key>: <value> }` per item, the key
   * in its legacy spelling (`[{permission: READ, count: 2}]` is `{"read": 2}`). */
  legacyRecord?: { key: string; value: string; zod: z.ZodType };
}

export interface Shape {
  kind: 'shape';
  name: string;
  description?: string;
  fields: Readonly<Record<string, FieldSpec>>;
  /** The legacy body's component name, when it differs from the GraphQL type's. */
  legacyId?: string;
  /** The console reads it as this fragment, on this GraphQL type (console/src/generated/fragments.ts). */
  consoleFragment?: { name: string; on: string };
}

/** Every shape declared, for the generator of the console's fragments. */
export const SHAPES: Shape[] = [];

export const leaf = {
  string: { kind: 'leaf', graphql: () => String, zod: z.string() },
  int: { kind: 'leaf', graphql: () => Int, zod: z.number().int().min(0) },
  boolean: { kind: 'leaf', graphql: () => Boolean, zod: z.boolean() },
  uuid: { kind: 'leaf', graphql: () => UUID, zod: uuidOut },
  dateTime: { kind: 'leaf', graphql: () => DateTimeISO, zod: instantOut },
  datasetPermission: { kind: 'leaf', graphql: () => DatasetPermissionEnum, zod: permissionName, legacy: legacyPermission },
} as const satisfies Record<string, Leaf>;

export function shape(name: string, fields: Record<string, FieldSpec>, options: Pick<Shape, 'description' | 'legacyId' | 'consoleFragment'> = {}): Shape {
  const declared: Shape = { kind: 'shape', name, fields, ...options };
  SHAPES.push(declared);
  return declared;
}

const classes = new Map<Shape, Function>();

/** The shape's type-graphql class: named for a shape used as a field's type; abstract (a base a
 * payload extends, adding fields of its own) when `abstract`. */
export function objectTypeOf(of: Shape, options: { abstract?: boolean } = {}): new () => any {
  const known = classes.get(of);
  if (known && !options.abstract) return known as new () => any;
  const cls = { [of.name]: class {} }[of.name];
  for (const [name, spec] of Object.entries(of.fields)) {
    // A nested shape's class exists before the schema is built: type-graphql reads its metadata then.
    const nested = spec.type.kind === 'shape' ? objectTypeOf(spec.type) : undefined;
    const inner = nested ? () => nested : (spec.type as Leaf).graphql;
    Field(() => (spec.list ? [inner()] : inner()) as any, { nullable: spec.nullable, description: spec.description })(cls.prototype, name);
  }
  // Unnamed, a base is never in the schema itself: type-graphql emits only the types resolvers reach.
  if (options.abstract) ObjectType()(cls);
  else {
    ObjectType(of.name, { description: of.description })(cls);
    classes.set(of, cls);
  }
  return cls;
}

/** The GraphQL selection of every field of the shape. */
export function selectionOf(of: Shape): string {
  return Object.entries(of.fields)
    .map(([name, spec]) => (spec.type.kind === 'shape' ? `${name} { ${selectionOf(spec.type)} }` : name))
    .join(' ');
}

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

// Seeded with the components the legacy routes already name, which the shapes spell alike.
const legacySchemas = new Map<string, z.ZodObject>([
  ['IdAndName', idAndName],
  ['DatasetPermissionRef', datasetPermissionRef],
]);

/** The legacy body's schema: the same fields in snake_case. One zod object per component id, so
 * shapes spelled alike in the legacy body (a role and a dataset are both `IdAndName`) share it. */
export function legacySchemaOf(of: Shape, id = of.legacyId ?? of.name): z.ZodObject {
  const known = legacySchemas.get(id);
  if (known) return known;
  const fields = Object.entries(of.fields).map(([name, spec]) => {
    if (spec.legacyRecord) return [snake(name), spec.legacyRecord.zod] as const;
    let schema: z.ZodType = spec.type.kind === 'shape' ? legacySchemaOf(spec.type) : spec.type.zod;
    if (spec.list) schema = z.array(schema);
    if (spec.nullable) schema = schema.nullable();
    if (spec.description) schema = schema.meta({ description: spec.description });
    return [snake(name), schema] as const;
  });
  const schema = z.object(Object.fromEntries(fields)).meta({ id });
  legacySchemas.set(id, schema);
  return schema;
}

/** A GraphQL answer of the shape, as the legacy body spells it. */
export function presentLegacy(of: Shape, data: Record<string, any>): any {
  const one = (spec: FieldSpec, value: any): unknown => {
    if (value === null || value === undefined) return value ?? null;
    if (spec.type.kind === 'shape') return presentLegacy(spec.type, value);
    return spec.type.legacy ? spec.type.legacy(value) : value;
  };
  return Object.fromEntries(
    Object.entries(of.fields).map(([name, spec]) => {
      if (spec.legacyRecord) return [snake(name), legacyRecordOf(spec, data[name])];
      const value = data[name];
      return [snake(name), spec.list && Array.isArray(value) ? value.map((item) => one(spec, item)) : one(spec, value)];
    }),
  );
}

function legacyRecordOf(spec: FieldSpec, items: Record<string, unknown>[]): Record<string, unknown> {
  const { key, value } = spec.legacyRecord!;
  const keyType = (spec.type as Shape).fields[key].type as Leaf;
  return Object.fromEntries(items.map((item) => [keyType.legacy ? keyType.legacy(item[key]) : item[key], item[value]]));
}

/** The console's fragment of the shape: every field. */
export function consoleFragmentOf(of: Shape): string | undefined {
  return of.consoleFragment && `fragment ${of.consoleFragment.name} on ${of.consoleFragment.on} { ${selectionOf(of)} }`;
}
