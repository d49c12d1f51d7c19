import Ajv2020 from 'ajv/dist/2020';
import type { HttpMethod } from '../../src/rest/legacy-route.ts';
import { LEGACY_ROUTES as legacyRoutes, operations } from '../../src/operations/registry.ts';
import { buildWorld } from '../authorization/matrix-world.ts';
import { restOf } from '../authorization/operation-rows.ts';
import { buildUser, DEFAULT_PASSWORD } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { HttpResponse } from '../helpers/http.ts';

/** Every legacy route's success answer, as it really comes back, fits the schema /openapi.json
 * gives it (no field missing, none undeclared), and every parameter says what it is for. */

let t: TestApp;
let document: any;
beforeAll(async () => {
  t = await startTestApp();
  document = (await t.http.get('/openapi.json')).body;
});
afterAll(() => t.close());

const pathOf = (method: string, url: string) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`;

describe('the documented answers', () => {
  it('gives every parameter of every route a description', () => {
    const missing = Object.entries(document.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods).flatMap(([method, operation]: [string, any]) =>
        (operation.parameters ?? []).filter((parameter: any) => !parameter.description).map((parameter: any) => `${method} ${path} ${parameter.name}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it("matches every route's real success answer", async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const seen = new Map<string, HttpResponse>();
    const call = async (method: HttpMethod, url: string, concrete: string, options: Parameters<TestApp['http']['request']>[2] = {}) => {
      const response = await t.http.request(method, concrete, options);
      expect({ route: `${method} ${url}`, ok: response.status < 300, body: response.status < 300 ? null : response.body }).toEqual({ route: `${method} ${url}`, ok: true, body: null });
      seen.set(pathOf(method, url), response);
      return response;
    };

    const email = `documented-${Date.now()}@example.test`;
    const registered = await call('POST', '/api/v1/auth/register', '/api/v1/auth/register', { json: { email, password: DEFAULT_PASSWORD } });
    const login = await call('POST', '/api/v1/auth/login', '/api/v1/auth/login', { form: { username: email, password: DEFAULT_PASSWORD } });
    const auth = { token: login.body.access_token };
    const other = await buildUser(t.prisma);
    await call('GET', '/api/v1/auth/me', '/api/v1/auth/me', { auth });
    await call('POST', '/api/v1/users/get-user-id', '/api/v1/users/get-user-id', { auth, json: { email: other.email } });
    const key = await call('POST', '/api/v1/auth/api-keys', '/api/v1/auth/api-keys', { auth, json: { name: 'k' } });
    await call('GET', '/api/v1/auth/api-keys', '/api/v1/auth/api-keys', { auth });
    await call('DELETE', '/api/v1/auth/api-keys/:api_key_id', `/api/v1/auth/api-keys/${key.body.id}`, { auth });
    const tenant = (await call('POST', '/api/v1/permissions/tenants', '/api/v1/permissions/tenants?tenant_name=Documented', { auth })).body.tenant_id;
    await call('POST', '/api/v1/permissions/tenants/select', '/api/v1/permissions/tenants/select', { auth, json: { tenant_id: tenant } });
    await call('GET', '/api/v1/permissions/tenants/me', '/api/v1/permissions/tenants/me', { auth });
    await call('POST', '/api/v1/permissions/users/:user_id/tenants', `/api/v1/permissions/users/${other.id}/tenants?tenant_id=${tenant}`, { auth });
    const role = (await call('POST', '/api/v1/permissions/roles', '/api/v1/permissions/roles?role_name=editors', { auth })).body.role_id;
    await call('POST', '/api/v1/permissions/users/:user_id/roles', `/api/v1/permissions/users/${other.id}/roles?role_id=${role}`, { auth });
    await call('GET', '/api/v1/permissions/tenants/:tenant_id/roles', `/api/v1/permissions/tenants/${tenant}/roles`, { auth });
    await call('GET', '/api/v1/permissions/tenants/:tenant_id/roles/users/:user_id', `/api/v1/permissions/tenants/${tenant}/roles/users/${other.id}`, { auth });
    await call('GET', '/api/v1/permissions/tenants/:tenant_id/roles/:role_id/users', `/api/v1/permissions/tenants/${tenant}/roles/${role}/users`, { auth });
    const dataset = (await call('POST', '/api/v1/datasets', '/api/v1/datasets', { auth, json: { name: 'reports' } })).body.id;
    await call('GET', '/api/v1/datasets', '/api/v1/datasets', { auth });
    await call('POST', '/api/v1/permissions/datasets/:principal_id', `/api/v1/permissions/datasets/${other.id}?permission_name=write`, { auth, json: [dataset] });
    await call('GET', '/api/v1/permissions/principals/:principal_id/datasets', `/api/v1/permissions/principals/${other.id}/datasets?permission_name=write`, { auth });
    await call('GET', '/api/v1/permissions/tenants/:tenant_id/users', `/api/v1/permissions/tenants/${tenant}/users`, { auth });
    const removal = `/api/v1/permissions/tenants/${tenant}/users/${other.id}`;
    await call('DELETE', '/api/v1/permissions/tenants/:tenant_id/users/:user_id', `${removal}?dry_run=true`, { auth });
    await call('DELETE', '/api/v1/permissions/datasets/:principal_id', `/api/v1/permissions/datasets/${other.id}?permission_name=write`, { auth, json: [dataset] });
    await call('DELETE', '/api/v1/permissions/users/:user_id/roles', `/api/v1/permissions/users/${other.id}/roles?role_id=${role}`, { auth });
    const removed = await call('DELETE', '/api/v1/permissions/tenants/:tenant_id/users/:user_id', removal, { auth });
    const events = await call('GET', '/api/v1/permissions/tenants/:tenant_id/audit-events', `/api/v1/permissions/tenants/${tenant}/audit-events`, { auth });
    await call('POST', '/api/v1/permissions/tenants/:tenant_id/audit-events/:event_id/reinstate', `/api/v1/permissions/tenants/${tenant}/audit-events/${removed.body.audit_event_id}/reinstate`, { auth });
    await call('DELETE', '/api/v1/permissions/roles/:role_id', `/api/v1/permissions/roles/${role}`, { auth });
    const stream = await call('GET', '/api/v1/events', `/api/v1/events?tenant_id=${tenant}&limit=50`, { auth });
    expect(stream.body.events.length).toBeGreaterThan(0);
    expect(registered.body.email).toBe(email);
    expect(events.body.events.length).toBeGreaterThan(0);

    // Every other route through its module's authorization example, called by the owner of the
    // matrix's world: a new operation's route is answered here with no edit of this test.
    for (const operation of operations) {
      for (const example of operation.examples) {
        const route = example.rest && operation.routes?.[example.rest.route ?? 0];
        if (!route || seen.has(pathOf(route.method, route.url)) || !example.allowed.includes('owner')) continue;
        const w = await buildWorld(t);
        const rest = restOf(operation, example)!(w);
        await call(route.method, route.url, rest.path, { auth: w.auth.owner, json: rest.json });
      }
    }

    // Every route was answered, and each answer fits what the document says of it.
    expect(legacyRoutes.map((route) => pathOf(route.method, route.url)).filter((route) => !seen.has(route))).toEqual([]);
    const misfits = [...seen].flatMap(([route, response]) => {
      const [method, path] = route.split(' ');
      const operation = document.paths[path][method.toLowerCase()];
      const schema = operation.responses[String(response.status)].content['application/json'].schema;
      expect(schema).not.toEqual({});
      const validate = ajv.compile(schema);
      return validate(response.body) ? [] : [{ route, errors: validate.errors }];
    });
    expect(misfits).toEqual([]);
  });
});
