import type { Auth, HttpClient } from './http.ts';

/** The two doors to one removal. Each returns what a caller of that door sees, reduced to a
 * common outcome, so one test can assert "both doors decide the same". */
export interface Outcome {
  ok: boolean;
  /** REST status, or the status the contract assigns to the GraphQL code. */
  status: number;
  /** REST `detail`/`message`, or the GraphQL error message / payload message. */
  text: string;
  code?: string;
  reason?: string;
  body: any;
}

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

export const REMOVE_MUTATION = `mutation Remove($tenantId: UUID!, $userId: UUID!) {
  removeUserFromTenant(tenantId: $tenantId, userId: $userId) {
    message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId
    tenant { id name ownerId }
    user { id email }
  }
}`;

export type Door = (http: HttpClient, auth: Auth, tenantId: string, userId: string) => Promise<Outcome>;

export const viaGraphQL: Door = async (http, auth, tenantId, userId) => {
  const response = await http.graphql(REMOVE_MUTATION, { tenantId, userId }, auth);
  const error = response.body.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    return { ok: false, status: STATUS_OF[code] ?? -1, text: error.message, code, reason: error.extensions?.reason, body: response.body };
  }
  const payload = response.body.data.removeUserFromTenant;
  return { ok: true, status: 200, text: payload.message, body: payload };
};

export const viaRest: Door = async (http, auth, tenantId, userId) => {
  const response = await http.delete(`/api/v1/permissions/tenants/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(userId)}`, { auth });
  const ok = response.status === 200;
  const text = ok ? response.body.message : typeof response.body?.detail === 'string' ? response.body.detail : JSON.stringify(response.body?.detail);
  return { ok, status: response.status, text, body: response.body };
};

export const DOORS: [string, Door][] = [
  ['GraphQL', viaGraphQL],
  ['REST', viaRest],
];
