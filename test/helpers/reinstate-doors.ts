import type { PrismaClient } from '../../src/db/client.ts';
import type { Auth, HttpClient } from './http.ts';
import { statusOfCode } from './removal-doors.ts';

/** The two doors to one reinstatement, each reduced to what its caller sees. */
export interface ReinstateOutcome {
  status: number;
  code?: string;
  reason?: string;
  text: string;
  body: any;
}

export type ReinstateDoor = (http: HttpClient, auth: Auth, tenantId: string, eventId: string) => Promise<ReinstateOutcome>;

export const REINSTATE_MUTATION = `mutation Reinstate($id: UUID!) {
  reinstateTenantMember(auditEventId: $id) {
    message auditEventId removalEventId tenant { id } user { id email }
    reinstatedRoles { id name } reinstatedDatasetPermissions { datasetId datasetName permission }
    skippedRoles { id name } skippedDatasetPermissions { datasetId datasetName permission }
  }
}`;

/** GraphQL `reinstateTenantMember` (the event's tenant is found from the event). */
export const reinstateViaGraphQL: ReinstateDoor = async (http, auth, _tenantId, eventId) => {
  const response = await http.graphql(REINSTATE_MUTATION, { id: eventId }, auth);
  const error = response.body.errors?.[0];
  if (error) return { status: statusOfCode(error.extensions?.code), code: error.extensions?.code, reason: error.extensions?.reason, text: error.message, body: response.body };
  return { status: 200, text: response.body.data.reinstateTenantMember.message, body: response.body.data.reinstateTenantMember };
};

/** REST `POST …/tenants/{tenant_id}/audit-events/{event_id}/reinstate`. */
export const reinstateViaRest: ReinstateDoor = async (http, auth, tenantId, eventId) => {
  const response = await http.post(`/api/v1/permissions/tenants/${tenantId}/audit-events/${eventId}/reinstate`, { auth });
  return { status: response.status, text: response.status === 200 ? response.body.message : response.body?.detail, body: response.body };
};

export const REINSTATE_DOORS: [string, ReinstateDoor][] = [
  ['GraphQL', reinstateViaGraphQL],
  ['REST', reinstateViaRest],
];

/** What a user holds in a tenant, by role and (dataset, permission): comparable across row ids. */
export async function holdings(prisma: PrismaClient, tenantId: string, userId: string) {
  const [roles, permissions, member] = await prisma.$transaction([
    prisma.roleAssignment.findMany({ where: { tenantId, userId }, select: { roleId: true } }),
    prisma.datasetPermission.findMany({ where: { tenantId, userId }, select: { datasetId: true, permission: true } }),
    prisma.membership.count({ where: { tenantId, userId } }),
  ]);
  return {
    member: member === 1,
    roles: roles.map((r) => r.roleId).sort(),
    permissions: permissions.map((p) => `${p.datasetId}:${p.permission}`).sort(),
  };
}

/** viewerCanReinstate (GraphQL) and can_reinstate (REST) of each of the user's removals in the
 * tenant, by event id, as the viewer sees them. */
export async function reinstateFlags(http: HttpClient, auth: Auth, tenantId: string, userId: string) {
  const query = `query($t: UUID!, $u: UUID!) { tenant(id: $t) {
    auditEvents(filter: { targetUserId: $u, actions: ["tenant.user_removed"] }) { edges { node { id viewerCanReinstate } } } } }`;
  const graphql = (await http.graphql(query, { t: tenantId, u: userId }, auth)).body;
  const rest = (await http.get(`/api/v1/permissions/tenants/${tenantId}/audit-events?target_user_id=${userId}&actions=tenant.user_removed`, { auth })).body;
  return {
    graphql: Object.fromEntries(graphql.data.tenant.auditEvents.edges.map((e: { node: { id: string; viewerCanReinstate: boolean } }) => [e.node.id, e.node.viewerCanReinstate])),
    rest: Object.fromEntries(rest.events.map((e: { id: string; can_reinstate: boolean }) => [e.id, e.can_reinstate])),
  };
}
