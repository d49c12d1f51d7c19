import { getOperationAST, parse } from 'graphql';
import { z } from 'zod';
import { requiresAuthentication } from '../../graphql/permissions/public-operations.ts';
import { KEY_IN_FLIGHT_MESSAGE, KEY_IN_FLIGHT_RETRY_AFTER_SECONDS, KEY_REUSED_MESSAGE } from '../../idempotency/idempotency-key.ts';
import { routeKeyPolicy } from '../idempotency.ts';
import { webhooksDocument } from './webhooks-document.ts';
import type { LegacyRoute } from '../legacy-route.ts';

/** The OpenAPI 3.1 document of the legacy REST door, generated from the route table and the
 * same zod schemas that validate each request (z.toJSONSchema), never written by hand. It keeps
 * the legacy FastAPI service's conventions (operation ids, summaries, the 422 body, security
 * schemes, tags), so clients generated from the old document keep working. */

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  /** What a tenant's webhook endpoint receives, per event type. */
  webhooks: Record<string, unknown>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const CALLER_SECURITY: Record<string, string[]>[] = [{ BearerAuth: [] }, { ApiKeyAuth: [] }];

/** The legacy service's tag descriptions, for the tags our routes use. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: 'Authentication endpoints for user registration, login, and token management.',
  datasets: 'Dataset management endpoints for listing and creating datasets.',
  permissions: 'Permission management for multi-user access control.',
  users: 'User management endpoints.',
};

/** Every answer besides success and 422 carries FastAPI's HTTPException body. */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: the request cannot be carried out as asked',
  401: 'Unauthorized: no valid bearer token or API key',
  403: 'Forbidden: the caller may not do this',
  404: 'Not Found',
  409: 'Conflict with the current state',
  413: 'Request body is too large',
  429: 'Too many requests (see Retry-After)',
  500: 'Internal Server Error',
  503: 'Service unavailable, e.g. the database is unreachable (see Retry-After)',
};

const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  // FastAPI's own validation error schemas, property for property.
  HTTPValidationError: {
    properties: { detail: { items: { $ref: '#/components/schemas/ValidationError' }, type: 'array', title: 'Detail' } },
    type: 'object',
    title: 'HTTPValidationError',
  },
  ValidationError: {
    properties: {
      loc: { items: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, type: 'array', title: 'Location' },
      msg: { type: 'string', title: 'Message' },
      type: { type: 'string', title: 'Error Type' },
      input: { title: 'Input' },
      ctx: { type: 'object', title: 'Context' },
    },
    type: 'object',
    required: ['loc', 'msg', 'type'],
    title: 'ValidationError',
  },
  HTTPError: {
    properties: { detail: { type: 'string', title: 'Detail' } },
    type: 'object',
    required: ['detail'],
    title: 'HTTPError',
  },
};

/** Path parameters mean the same on every route. */
const PATH_DESCRIPTIONS: Record<string, string> = {
  tenant_id: "The tenant's id.",
  user_id: "The user's id.",
  role_id: "The role's id.",
  api_key_id: "The API key's id.",
  principal_id: 'The id of a user, a role or a tenant (which one is found from the id).',
  event_id: "The audit event's id.",
};

const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
};

/** What the document says that depends on how this service is configured. */
export interface DocumentSettings {
  /** IDEMPOTENCY_TTL_HOURS: how long an answer to a keyed request is replayed. */
  idempotencyTtlHours: number;
}

/** The Idempotency-Key request header, as the routes that run once per key take it
 * (src/idempotency/; docs/CONTRACT.md, section 9). */
function idempotencyKeyParameter(settings: DocumentSettings) {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: [
      'Makes a retry of this request safe (IETF draft-ietf-httpapi-idempotency-key-header). The first request with a key runs. ' +
        `When it succeeds (2xx) and changes something (a preview changes nothing) its answer is kept for this caller for ${settings.idempotencyTtlHours} hours, and a retry with the same key ` +
        'and the same request (route, path, query and body, however spelled) gets that answer again, the same status and body, with ' +
        '`Idempotency-Replayed: true`, without running again. Any other answer is not kept: a retry with the key runs again.',
      `The same key with a different request: 422 \`{"detail": "${KEY_REUSED_MESSAGE}"}\`, and nothing runs. ` +
        `The same key while its first request is still running: 409 \`{"detail": "${KEY_IN_FLIGHT_MESSAGE}"}\` with \`Retry-After: ${KEY_IN_FLIGHT_RETRY_AFTER_SECONDS}\`.`,
      'Keys belong to the signed-in caller: no other caller sees them. A key is 1 to 255 printable ASCII characters; a structured-field ' +
        'string (`"abc"`) is unquoted first, so `"abc"` and `abc` are the same key. A malformed key, or a key sent on more than one header line, is a 422 with an entry at `["header", "idempotency-key"]`.',
    ].join('\n\n'),
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$', title: 'Idempotency-Key' },
  };
}

/** The success response's header on a replay (src/idempotency/send-answer.ts). */
const REPLAYED_HEADER_OBJECT = {
  'Idempotency-Replayed': {
    description: 'Present on a replay: the kept answer of an earlier request with the same Idempotency-Key, which did not run again.',
    schema: { type: 'string', const: 'true' },
  },
};

export function buildOpenApiDocument(routes: readonly LegacyRoute[], settings: DocumentSettings): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { ...COMPONENT_SCHEMAS };
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(route.url);
    const operation = describeRoute(route, path, schemas, settings);
    for (const tag of operation.tags as string[]) tags.add(tag);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tenantry legacy REST API',
      version: '1.0.0',
      description: "The routes of the legacy FastAPI service, answered by Tenantry's GraphQL schema with the same rules. Errors carry FastAPI's bodies: `{\"detail\": \"…\"}`, and 422 with one entry per bad field.",
    },
    security: CALLER_SECURITY,
    tags: [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? '' })),
    paths,
    webhooks: webhooksDocument((schema) => toJsonSchema(schema, schemas, 'output')),
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
  };
}

function describeRoute(route: LegacyRoute, path: string, schemas: Record<string, JsonSchema>, settings: DocumentSettings): Operation {
  const graphqlOperation = getOperationAST(parse(route.operation));
  if (!graphqlOperation) throw new Error(`legacy route ${route.method} ${route.url}: operation must be a single named operation`);
  const needsCaller = requiresAuthentication(graphqlOperation);
  const mutates = graphqlOperation.operation === 'mutation';
  const keyPolicy = routeKeyPolicy(graphqlOperation).kind;
  const keyed = keyPolicy === 'honoured';
  const name = route.doc?.name ?? snakeCase((graphqlOperation.name?.value ?? `${route.method} ${route.url}`).replace(/^Legacy/, ''));

  const parameters = [
    ...parametersOf(route.path, 'path', schemas, pathParameterNames(route.url)),
    ...parametersOf(route.query, 'query', schemas),
    // After the legacy parameters, which existing clients were generated from.
    ...(keyed ? [idempotencyKeyParameter(settings)] : []),
  ];
  const operation: Operation = {
    tags: [tagOf(route.url)],
    summary: titleCase(name),
    ...(route.doc?.description ? { description: route.doc.description } : {}),
    operationId: fastApiOperationId(name, path, route.method),
    ...(parameters.length ? { parameters } : {}),
  };
  if (route.body) operation.requestBody = requestBodyOf(route.body, route.doc?.bodyMediaTypes ?? [], schemas);

  const errors = [400, ...(needsCaller ? [401, 403, 404] : []), ...(mutates ? [409] : []), ...(route.body ? [413] : []), ...(mutates ? [429] : []), 500, 503];
  const responses: Record<string, unknown> = {
    [String(route.status ?? 200)]: {
      description: 'Successful Response',
      ...(keyed ? { headers: REPLAYED_HEADER_OBJECT } : {}),
      // The schema the route's presenter is typed from (src/rest/response-shapes.ts).
      content: { 'application/json': { schema: toJsonSchema(route.response, schemas, 'output') } },
    },
  };
  for (const status of errors) {
    const description = route.doc?.errors?.[status] ?? ERROR_DESCRIPTIONS[status];
    responses[String(status)] = {
      description: keyed && status === 409 ? `${description}, or a request with the same Idempotency-Key is still running (see Retry-After)` : description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } } },
    };
  }
  // A mutation also answers 422 about its Idempotency-Key with a plain `detail`: a key reused for
  // another request, or a key on a route that refuses one.
  const keyDetail = keyPolicy !== 'ignored';
  if (route.path || route.query || route.body || keyDetail) {
    const validation = { $ref: '#/components/schemas/HTTPValidationError' };
    responses['422'] = keyDetail
      ? {
          description: 'Validation Error (a `detail` list), or an Idempotency-Key this request cannot use (a `detail` string)',
          content: { 'application/json': { schema: { oneOf: [validation, { $ref: '#/components/schemas/HTTPError' }] } } },
        }
      : { description: 'Validation Error', content: { 'application/json': { schema: validation } } };
  }
  operation.responses = sortedByStatus(responses);
  // Public operations (register, login) say so; the others repeat the document's default as FastAPI did.
  operation.security = needsCaller ? CALLER_SECURITY : [];
  return operation;
}

/** FastAPI's generate_unique_id: `{function name}{path}` with every non-word character as `_`,
 * then `_{method}`. */
export function fastApiOperationId(name: string, path: string, method: string): string {
  return `${name}${path}`.replace(/\W/g, '_') + `_${method.toLowerCase()}`;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', schemas: Record<string, JsonSchema>, names: string[] = []) {
  const json = schema ? toJsonSchema(schema, schemas, 'input') : { properties: {} };
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  // A path parameter the schema does not type is still a required string.
  for (const name of names) properties[name] ??= { type: 'string' };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    description: (description as string | undefined) ?? (where === 'path' ? PATH_DESCRIPTIONS[name] : undefined),
    schema: { ...property, title: property.title ?? titleCase(name) },
  }));
}

function requestBodyOf(schema: z.ZodType, extraMediaTypes: string[], schemas: Record<string, JsonSchema>) {
  const json = toJsonSchema(schema, schemas, 'input');
  const content: Record<string, unknown> = {};
  for (const mediaType of ['application/json', ...extraMediaTypes]) content[mediaType] = { schema: json };
  // A body the schema accepts as absent is optional.
  return { required: !schema.safeParse(undefined).success, content };
}

/** A route's zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): as a request must look
 * (`input`: defaults optional), or as an answer looks (`output`: no other properties). Schemas
 * with an id (`.meta({ id })`) become shared components. */
function toJsonSchema(schema: z.ZodType, schemas: Record<string, JsonSchema>, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, $defs, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) schemas[id] = toComponentRefs(definition) as JsonSchema;
  return toComponentRefs(json) as JsonSchema;
}

function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? inner.replace('#/$defs/', '#/components/schemas/') : toComponentRefs(inner)]),
  );
}

/** Fastify's `:name` → OpenAPI's `{name}`. */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((match) => match[1]);
}

/** The legacy service tagged routes by router: the segment after /api/v1. */
function tagOf(url: string): string {
  return url.split('/')[3] ?? 'default';
}

/** FastAPI's titles: `tenant_id` → `Tenant Id`. */
function titleCase(name: string): string {
  return name
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\W+/g, '_')
    .toLowerCase();
}

function sortedByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}
