/** The full tenant dashboard: the heaviest query the admin UI sends. Batching is counted on it
 * (test/dashboard/batching.test.ts) and the document limits must let it through
 * (test/hardening/document-limits.test.ts). */
export const TENANT_DASHBOARD = `query($id: UUID!) {
  tenant(id: $id) {
    name viewerCanManageUsers
    members(first: 100) { totalCount edges { node { user { email } isOwner roles { name memberCount } viewerCanRemove } } }
    roles { name memberCount }
    datasets { name viewerCanShare grants { permission principal { name } } }
  }
}`;
