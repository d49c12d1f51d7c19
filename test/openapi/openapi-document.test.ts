import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { TENANT_EVENT_TYPES } from '../../src/domain/audit/audit-actions.ts';
import { KEY_IN_FLIGHT_MESSAGE, KEY_REUSED_MESSAGE } from '../../src/idempotency/idempotency-key.ts';
import { fastApiOperationId } from '../../src/rest/openapi/openapi-document.ts';
import { LEGACY_ROUTES as legacyRoutes, operations } from '../../src/operations/registry.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { REPO_ROOT } from '../helpers/service-process.ts';

const REMOVAL_PATH = '/api/v1/permissions/tenants/{tenant_id}/users/{user_id}';
// The legacy service's own document for the removal endpoint (see test/fixtures/openapi/README.md).
const legacy = parse(readFileSync(join(__dirname, '../fixtures/openapi/remove-user-from-tenant.openapi.yaml'), 'utf8'));

// Not the default (24), so the document is seen to state the configured one.
const TTL_HOURS = 36;

let t: TestApp;
let document: any;
beforeAll(async () => {
  t = await startTestApp({ env: { IDEMPOTENCY_TTL_HOURS: String(TTL_HOURS) } });
  const response = await t.http.get('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = response.body;
});
afterAll(() => t.close());

/** The validator package's own CLI: it is ESM-only, which Jest's CommonJS runtime cannot load. */
async function validateOpenApi(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    const cli = join(REPO_ROOT, 'node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, join(dir, 'openapi.json')]).catch((error: { stdout: string }) => error);
    return JSON.parse(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (and the validator does refuse a broken one)', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(await validateOpenApi(document)).toEqual({ valid: true });
    const broken = { ...document, paths: { ...document.paths, [REMOVAL_PATH]: { delete: { ...document.paths[REMOVAL_PATH].delete, responses: 'none' } } } };
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it('describes what a webhook endpoint receives: every event type of the catalogue, its three signed headers and its body', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...TENANT_EVENT_TYPES].sort());
    for (const webhook of Object.values<any>(document.webhooks)) {
      expect(webhook.post.parameters.map((header: any) => [header.in, header.name])).toEqual([['header', 'webhook-id'], ['header', 'webhook-timestamp'], ['header', 'webhook-signature']]);
      expect(webhook.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WebhookEvent' });
    }
    expect(Object.keys(document.components.schemas.WebhookEvent.properties.data.properties)).toEqual(['id', 'type', 'tenantId', 'sequence', 'occurredAt', 'actorId', 'targetUserId', 'batchId', 'data']);
  });

  it('describes every route of the route table, each with its FastAPI-style operation id', () => {
    const operations = Object.values(document.paths).flatMap((methods: any) => Object.keys(methods));
    expect(operations).toHaveLength(legacyRoutes.length);
    for (const route of legacyRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      // FastAPI's generate_unique_id: a snake_case function name, then the path and the method.
      const suffix = fastApiOperationId('', path, route.method);
      expect(suffix).toBe(`${path.replace(/\W/g, '_')}_${route.method.toLowerCase()}`);
      expect(operation.operationId.endsWith(suffix)).toBe(true);
      expect(operation.operationId.slice(0, -suffix.length)).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      const pathParams = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]);
      expect(operation.parameters?.filter((p: any) => p.in === 'path').map((p: any) => p.name) ?? []).toEqual(pathParams);
    }
    const ids = operations.length;
    expect(new Set(Object.values(document.paths).flatMap((methods: any) => Object.values(methods).map((op: any) => op.operationId))).size).toBe(ids);
  });

  it("matches the legacy service's removal operation field by field", () => {
    const original = legacy.paths[REMOVAL_PATH].delete;
    const generated = document.paths[REMOVAL_PATH].delete;
    expect(generated.operationId).toBe('remove_user_from_tenant_endpoint_api_v1_permissions_tenants__tenant_id__users__user_id__delete');
    expect(generated.operationId).toBe(original.operationId);
    expect(generated.tags).toEqual(original.tags);
    expect(generated.summary).toBe(original.summary);
    // The legacy parameters exactly; ours may only add optional ones (dry_run, Idempotency-Key), which old clients never send.
    // (Each with a description, which the legacy document lacked and which changes no client.)
    const withoutDescription = ({ description: _d, ...parameter }: any) => parameter;
    expect(generated.parameters.slice(0, original.parameters.length).map(withoutDescription)).toEqual(original.parameters);
    const added = generated.parameters.slice(original.parameters.length);
    expect(added.map((p: any) => [p.in, p.name])).toEqual([
      ['query', 'dry_run'],
      ['header', 'Idempotency-Key'],
    ]);
    for (const parameter of added) expect(parameter.required).toBe(false);
    expect(generated.security).toEqual(original.security);
    expect(generated.responses['200'].description).toBe(original.responses['200'].description);
    expect(Object.keys(generated.responses['200'].content)).toEqual(Object.keys(original.responses['200'].content));
    // The legacy 422 body, or (the Idempotency-Key refused) a plain `detail`.
    expect(generated.responses['422'].content['application/json'].schema.oneOf).toEqual([
      original.responses['422'].content['application/json'].schema,
      { $ref: '#/components/schemas/HTTPError' },
    ]);
    expect(document.components.schemas.HTTPValidationError).toEqual(legacy.components.schemas.HTTPValidationError);
    expect(document.components.schemas.ValidationError).toEqual(legacy.components.schemas.ValidationError);
    expect(document.components.securitySchemes).toEqual(legacy.components.securitySchemes);
    expect(document.security).toEqual(legacy.security);
    expect(document.tags.find((tag: any) => tag.name === 'permissions')).toEqual(legacy.tags.find((tag: any) => tag.name === 'permissions'));
  });

  it('documents our other answers of the removal with their {"detail"} body', () => {
    const responses = document.paths[REMOVAL_PATH].delete.responses;
    for (const status of ['400', '401', '403', '404', '409', '429', '500', '503']) {
      expect(responses[status]).toEqual({ description: expect.any(String), content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } } } });
    }
    expect(document.components.schemas.HTTPError).toEqual({
      properties: { detail: { type: 'string', title: 'Detail' } },
      type: 'object',
      required: ['detail'],
      title: 'HTTPError',
    });
  });

  it('lists the permission names as an enum, and the routes refuse any other name', async () => {
    expect(document.components.schemas.PermissionName).toMatchObject({ type: 'string', enum: ['read', 'write', 'delete', 'share'] });
    const grant = document.paths['/api/v1/permissions/datasets/{principal_id}'].post;
    expect(grant.parameters.find((p: any) => p.name === 'permission_name')).toMatchObject({
      in: 'query',
      required: true,
      schema: { $ref: '#/components/schemas/PermissionName' },
    });
    const user = await buildUser(t.prisma);
    const response = await t.http.post(`/api/v1/permissions/datasets/${user.id}?permission_name=admin`, { auth: await tokenFor(user), json: [user.id] });
    expect(response.status).toBe(422);
    expect(response.body.detail[0]).toMatchObject({ loc: ['query', 'permission_name'], type: 'enum' });
  });

  it('documents a path parameter as a uuid exactly where the route refuses a non-uuid with 422', async () => {
    const auth = await tokenFor(await buildUser(t.prisma));
    for (const route of legacyRoutes.filter((candidate) => candidate.url.includes(':'))) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const parameters = document.paths[path][route.method.toLowerCase()].parameters.filter((p: any) => p.in === 'path');
      for (const parameter of parameters) {
        expect(parameter.schema).toMatchObject({ type: 'string', format: 'uuid' });
        const url = route.url.replace(/:(\w+)/g, (_match, name: string) => (name === parameter.name ? 'not-a-uuid' : '00000000-0000-4000-8000-000000000001'));
        const response = await t.http.request(route.method, url, { auth, json: route.body ? {} : undefined });
        expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({ route: `${route.method} ${route.url}`, status: 422 });
        expect(response.body.detail).toContainEqual(expect.objectContaining({ loc: ['path', parameter.name], type: 'uuid_parsing' }));
      }
    }
  });

  describe('Idempotency-Key', () => {
    const pathOf = (url: string) => url.replace(/:(\w+)/g, '{$1}');
    const operationOf = (route: (typeof legacyRoutes)[number]) => document.paths[pathOf(route.url)][route.method.toLowerCase()];
    const keyParameter = (operation: any) => operation.parameters?.find((p: any) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
    // The mutations that refuse a key (docs/CONTRACT.md, section 9; test/idempotency/idempotency-key.test.ts): their modules say why.
    const REFUSING = operations.filter((operation) => operation.refusesIdempotencyKey).flatMap((operation) => (operation.routes ?? []).map((route) => `${route.method} ${route.url}`));

    it('is declared on exactly the routes that read the header, but for those that refuse it', async () => {
      const auth = await tokenFor(await buildUser(t.prisma));
      const reading: string[] = [];
      for (const route of legacyRoutes) {
        // An empty key is malformed: a route that reads the header answers 422 at its location, before running anything.
        const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000001');
        const response = await t.http.request(route.method, url, { auth, json: route.body ? {} : undefined, headers: { 'idempotency-key': '' } });
        const readsKey = response.status === 422 && Array.isArray(response.body.detail) && response.body.detail.some((issue: any) => issue.loc.join('.') === 'header.idempotency-key');
        if (readsKey) reading.push(`${route.method} ${route.url}`);
      }
      // Every mutating route reads it (none of the GET routes does).
      expect(reading.length).toBeGreaterThan(REFUSING.length);
      expect(reading.filter((name) => name.startsWith('GET '))).toEqual([]);
      expect(REFUSING.every((name) => reading.includes(name))).toBe(true);
      const declared = legacyRoutes.filter((route) => keyParameter(operationOf(route))).map((route) => `${route.method} ${route.url}`);
      expect(declared.sort()).toEqual(reading.filter((name) => !REFUSING.includes(name)).sort());
    });

    it('says what a replay returns and how a reused or running key is answered, and marks the replay header', () => {
      const removal = document.paths[REMOVAL_PATH].delete;
      const parameter = keyParameter(removal);
      expect(parameter).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } });
      const description: string = parameter.description;
      expect(description).toContain(`for ${TTL_HOURS} hours`);
      expect(description).toContain('`Idempotency-Replayed: true`');
      expect(description).toContain(`422 \`{"detail": "${KEY_REUSED_MESSAGE}"}\``);
      expect(description).toContain(`409 \`{"detail": "${KEY_IN_FLIGHT_MESSAGE}"}\` with \`Retry-After: 1\``);
      expect(removal.responses['200'].headers['Idempotency-Replayed']).toMatchObject({ schema: { type: 'string', const: 'true' } });
      expect(removal.responses['409'].description).toMatch(/Idempotency-Key is still running/);
      // A read neither takes the header nor replays.
      const list = document.paths['/api/v1/datasets'].get;
      expect(keyParameter(list)).toBeUndefined();
      expect(list.responses['200'].headers).toBeUndefined();
    });
  });
});
