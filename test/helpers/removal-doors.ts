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

/** Every field of the receipt, in GraphQL's spelling. */
export const RECEIPT_FIELDS = `message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun
  revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission }
  revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name }
  tenant { id } user { id }`;

const receiptMutation = (dryRun: boolean) => `mutation Receipt($tenantId: UUID!, $userId: UUID!) {
  removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: ${dryRun}) { ${RECEIPT_FIELDS} }
}`;

function graphqlDoor(mutation: string): Door {
  return async (http, auth, tenantId, userId) => {
    const response = await http.graphql(mutation, { tenantId, userId }, auth);
    const error = response.body.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      return { ok: false, status: STATUS_OF[code] ?? -1, text: error.message, code, reason: error.extensions?.reason, body: response.body };
    }
    const payload = response.body.data.removeUserFromTenant;
    return { ok: true, status: 200, text: payload.message, body: payload };
  };
}

function restDoor(query: string): Door {
  return async (http, auth, tenantId, userId) => {
    const response = await http.delete(`/api/v1/permissions/tenants/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(userId)}${query}`, { auth });
    const ok = response.status === 200;
    const text = ok ? response.body.message : typeof response.body?.detail === 'string' ? response.body.detail : JSON.stringify(response.body?.detail);
    return { ok, status: response.status, text, body: response.body };
  };
}

export const viaGraphQL = graphqlDoor(REMOVE_MUTATION);
export const viaRest = restDoor('');
/** The same removal with dryRun (GraphQL) or ?dry_run=true (REST). */
export const previewViaGraphQL = graphqlDoor(receiptMutation(true));
/** The real removal, asking for every receipt field. */
export const receiptViaGraphQL = graphqlDoor(receiptMutation(false));
export const previewViaRest = restDoor('?dry_run=true');

export const DOORS: [string, Door][] = [
  ['GraphQL', viaGraphQL],
  ['REST', viaRest],
];

/** Each door with its preview: [name, real, preview]. */
export const DOORS_WITH_PREVIEW: [string, Door, Door][] = [
  ['GraphQL', receiptViaGraphQL, previewViaGraphQL],
  ['REST', viaRest, previewViaRest],
];
