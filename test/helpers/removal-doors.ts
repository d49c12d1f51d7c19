import { print } from 'graphql';
import { httpStatusOf } from '../../src/http/status.ts';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { RemoveUserFromTenantDocument } from '../generated/graphql.ts';
import type { Auth, HttpClient } from './http.ts';
import { sendOperation, untyped } from './typed-graphql.ts';

/** The two doors to one removal. Each returns what a caller of that door sees, reduced to a
 * common outcome, so one test can assert "both doors decide the same". */
export interface Outcome {
  ok: boolean;
  /** REST status, or the status the service's own table (src/http/status.ts) gives the GraphQL code. */
  status: number;
  /** REST `detail`/`message`, or the GraphQL error message / payload message. */
  text: string;
  code?: string;
  reason?: string;
  body: any;
}

/** The status a GraphQL code stands for: the service's table, 500 for the masked fault, -1 for
 * anything undocumented. */
export function statusOfCode(code: string | undefined): number {
  if (code === 'INTERNAL_SERVER_ERROR') return 500;
  return httpStatusOf(code ?? '') ?? -1;
}

/** An answer of the typed client reduced to an Outcome. */
export function outcomeOf(result: { status: number; data?: unknown; errors?: { message: string; extensions?: Record<string, any> }[] }, payload: (data: any) => any): Outcome {
  const error = result.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    return { ok: false, status: statusOfCode(code), text: error.message, code, reason: error.extensions?.reason, body: result };
  }
  if (result.status !== 200 || !result.data) return { ok: false, status: -1, text: `HTTP ${result.status}`, body: result };
  const body = payload(result.data);
  return { ok: true, status: 200, text: body?.message ?? 'ok', body };
}

/** The removal as the benchmark sends it. */
export const REMOVE_MUTATION = print(RemoveUserFromTenantDocument);

export type Door = (http: HttpClient, auth: Auth, tenantId: string, userId: string) => Promise<Outcome>;

/** Every field of the receipt, in GraphQL's spelling. */
export const RECEIPT_FIELDS = `message revokedRoleCount revokedDatasetPermissionCount activeTenantCleared auditEventId dryRun
  revokedRoles { id name } revokedDatasetPermissions { datasetId datasetName permission }
  revokedDatasetPermissionsByKind { permission count } ownedDatasetCount ownedDatasets { id name }
  tenant { id } user { id }`;

const receiptMutation = (dryRun: boolean) =>
  untyped(`mutation Receipt($tenantId: UUID!, $userId: UUID!) {
  removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: ${dryRun}) { ${RECEIPT_FIELDS} }
}`);

function graphqlDoor(document: TypedDocumentNode<any, any>): Door {
  return async (http, auth, tenantId, userId) =>
    outcomeOf(await sendOperation(http, document, { variables: { tenantId, userId }, auth }), (data) => data.removeUserFromTenant);
}

function restDoor(query: string): Door {
  return async (http, auth, tenantId, userId) => {
    const response = await http.delete(`/api/v1/permissions/tenants/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(userId)}${query}`, { auth });
    const ok = response.status === 200;
    const text = ok ? response.body.message : typeof response.body?.detail === 'string' ? response.body.detail : JSON.stringify(response.body?.detail);
    return { ok, status: response.status, text, body: response.body };
  };
}

export const viaGraphQL = graphqlDoor(RemoveUserFromTenantDocument);
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
