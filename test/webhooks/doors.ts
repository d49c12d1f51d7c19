import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, buildManager, buildTenant } from '../factories/tenancy.ts';
import type { TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { startReceiver, type Receiver } from '../events/webhook-receiver.ts';

/** The webhook endpoint operations through both doors, answers in one spelling (camelCase), so a
 * test states each promise once and runs it over GraphQL and the legacy REST route. */

export type Door = 'GraphQL' | 'REST';
export const DOORS: readonly Door[] = ['GraphQL', 'REST'];

/** Success with its data, or the refusal's GraphQL code (REST statuses mapped to the same codes). */
export type Outcome<T = any> = { ok: true; data: T } | { ok: false; code: string; status?: number; body: any };

const CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 422: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

/** Why a refusal was refused, as the caller reads it: GraphQL's message, or REST's detail. */
export function reasonOf(outcome: Outcome): string {
  if (outcome.ok) return '';
  const body = outcome.body;
  if (body.errors) return body.errors.map((error: { message: string }) => error.message).join('; ');
  return typeof body.detail === 'string' ? body.detail : body.detail.map((issue: { loc: unknown[]; msg: string }) => `${issue.loc.join('.')}: ${issue.msg}`).join('; ');
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
export function camelized(value: any): any {
  if (Array.isArray(value)) return value.map(camelized);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [camel(key), camelized(item)]));
  return value;
}

const ENDPOINT = 'id tenantId url description eventTypes enabled disabledReason createdAt createdBy previousSecretExpiresAt pendingEvents failedAttempts lastError nextAttemptAt deadLetters';
const LOG = 'attempts { eventId eventType sequence attempt statusCode error latencyMs at } hasNextPage endCursor deadLetters { eventId eventType sequence attempts lastError deadAt replayAt }';

export function webhookDoors(t: TestApp, door: Door) {
  async function graphql(query: string, variables: Record<string, unknown>, auth: Auth, pick: (data: any) => any): Promise<Outcome> {
    const response = await t.http.graphql(query, variables, auth);
    expect(response.status).toBeLessThan(500);
    const error = response.body.errors?.[0];
    return error ? { ok: false, code: error.extensions?.code, body: response.body } : { ok: true, data: pick(response.body.data) };
  }
  async function rest(method: string, path: string, auth: Auth, json?: unknown): Promise<Outcome> {
    const response = await t.http.request(method, path, { auth, json });
    expect(response.status).toBeLessThan(500);
    return response.status < 300 ? { ok: true, data: camelized(response.body) } : { ok: false, code: CODES[response.status] ?? `HTTP ${response.status}`, status: response.status, body: response.body };
  }
  const base = (tenantId: string) => `/api/v1/tenants/${tenantId}/webhook-endpoints`;

  return {
    door,
    /** The endpoint and its secret (REST answers them in one object). */
    async create(auth: Auth, tenantId: string, input: { url: string; description?: string; eventTypes?: string[] }): Promise<Outcome<{ endpoint: any; secret: string }>> {
      if (door === 'GraphQL') {
        return graphql(
          `mutation($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) { createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) { secret endpoint { ${ENDPOINT} } } }`,
          { tenantId, ...input },
          auth,
          (data) => data.createWebhookEndpoint,
        );
      }
      const answer = await rest('POST', base(tenantId), auth, { url: input.url, description: input.description, event_types: input.eventTypes });
      if (!answer.ok) return answer;
      const { secret, ...endpoint } = answer.data;
      return { ok: true, data: { endpoint, secret } };
    },
    list(auth: Auth, tenantId: string): Promise<Outcome<any[]>> {
      return door === 'GraphQL'
        ? graphql(`query($id: UUID!) { tenant(id: $id) { webhookEndpoints { ${ENDPOINT} } } }`, { id: tenantId }, auth, (data) => data.tenant.webhookEndpoints)
        : rest('GET', base(tenantId), auth);
    },
    update(auth: Auth, tenantId: string, endpointId: string, input: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean }): Promise<Outcome> {
      return door === 'GraphQL'
        ? graphql(
            `mutation($tenantId: UUID!, $endpointId: UUID!, $url: String, $description: String, $eventTypes: [String!], $enabled: Boolean) {
              updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, url: $url, description: $description, eventTypes: $eventTypes, enabled: $enabled) { ${ENDPOINT} } }`,
            { tenantId, endpointId, ...input },
            auth,
            (data) => data.updateWebhookEndpoint,
          )
        : rest('PATCH', `${base(tenantId)}/${endpointId}`, auth, { url: input.url, description: input.description, event_types: input.eventTypes, enabled: input.enabled });
    },
    remove(auth: Auth, tenantId: string, endpointId: string): Promise<Outcome<{ message: string }>> {
      return door === 'GraphQL'
        ? graphql(`mutation($tenantId: UUID!, $endpointId: UUID!) { deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) { message } }`, { tenantId, endpointId }, auth, (data) => data.deleteWebhookEndpoint)
        : rest('DELETE', `${base(tenantId)}/${endpointId}`, auth);
    },
    deliveries(auth: Auth, tenantId: string, endpointId: string, page: { first?: number; after?: string } = {}): Promise<Outcome> {
      if (door === 'GraphQL') {
        return graphql(
          `query($id: UUID!, $endpointId: UUID!, $first: Int, $after: String) { tenant(id: $id) { webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) { ${LOG} } } }`,
          { id: tenantId, endpointId, ...page },
          auth,
          (data) => data.tenant.webhookDeliveries,
        );
      }
      const query = new URLSearchParams(Object.entries(page).map(([key, value]): [string, string] => [key, String(value)])).toString();
      return rest('GET', `${base(tenantId)}/${endpointId}/deliveries${query ? `?${query}` : ''}`, auth);
    },
    resend(auth: Auth, tenantId: string, endpointId: string, eventIds?: string[]): Promise<Outcome<{ queued: number }>> {
      return door === 'GraphQL'
        ? graphql(
            `mutation($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) { resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) { queued } }`,
            { tenantId, endpointId, eventIds },
            auth,
            (data) => data.resendWebhookEvents,
          )
        : rest('POST', `${base(tenantId)}/${endpointId}/resend`, auth, eventIds ? { event_ids: eventIds } : {});
    },
  };
}

/** A tenant with its owner, a manager (MANAGE_USERS), a plain member, and a manager of another tenant. */
export async function webhookWorld(t: TestApp) {
  const [owner, manager, member, foreignOwner] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma), buildUser(t.prisma)]);
  const tenant = await buildTenant(t.prisma, { owner });
  await buildManager(t.prisma, tenant, manager);
  await addMember(t.prisma, tenant, member);
  const foreign = await buildTenant(t.prisma, { owner: foreignOwner });
  return {
    tenant,
    foreign,
    member,
    auth: { owner: await tokenFor(owner), manager: await tokenFor(manager), member: await tokenFor(member), foreignOwner: await tokenFor(foreignOwner) },
  };
}

/** A new user added to the tenant through GraphQL: an event of the tenant's stream (`tenant.user_added`). */
export async function addMemberByGraphQL(t: TestApp, auth: Auth, tenantId: string) {
  const user = await buildUser(t.prisma);
  const added = await t.http.graphql('mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }', { t: tenantId, u: user.id }, auth);
  expect(added.body.errors).toBeUndefined();
  return user;
}

/** Receivers on loopback, closed with the test file. */
export function receivers() {
  const started: Receiver[] = [];
  afterAll(() => Promise.all(started.map((receiver) => receiver.close())));
  return async (): Promise<Receiver> => {
    const receiver = await startReceiver();
    started.push(receiver);
    return receiver;
  };
}
