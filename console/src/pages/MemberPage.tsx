import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { RemovalFlow, RemoveButton } from '../components/RemoveMember';
import { graphql } from '../gql';
import type { ConsoleMemberHoldingsQuery } from '../gql/graphql';

const MemberQuery = graphql(`
  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {
    tenant(id: $tenantId) {
      id
      name
      viewerCanManageUsers
      members(first: 10, emailPrefix: $email) {
        edges {
          node {
            isOwner
            joinedAt
            viewerCanRemove
            user {
              id
              email
            }
          }
        }
      }
      memberRoles(userId: $userId) {
        id
        name
        capabilities
      }
    }
  }
`);

/** What the member holds here: what a removal would take, and the datasets that would stay.
 * The owner and user managers see it whole (the removal preview's own lists); others may not. */
const MemberHoldingsQuery = graphql(`
  query ConsoleMemberHoldings($tenantId: UUID!, $userId: UUID!) {
    tenant(id: $tenantId) {
      id
      memberHoldings(userId: $userId) {
        datasetPermissions {
          datasetId
          datasetName
          permission
        }
        ownedDatasets {
          id
          name
        }
      }
    }
  }
`);

export function MemberPage() {
  return <InTenant what="Members">{(tenantId) => <Member tenantId={tenantId} />}</InTenant>;
}

function Member({ tenantId }: { tenantId: string }) {
  const { userId = '' } = useParams();
  const [params] = useSearchParams();
  const email = params.get('email') ?? '';
  const [result, reexecute] = useQuery({ query: MemberQuery, variables: { tenantId, userId, email } });
  const [removing, setRemoving] = useState<{ id: string; email: string } | null>(null);
  const data = result.data;
  const membership = data?.tenant.members.edges.find((edge) => edge.node.user.id === userId)?.node;
  const mayManage = Boolean(membership && data?.tenant.viewerCanManageUsers);
  // Asked afresh whenever it is shown: after a removal and its undo it must not come from the cache.
  const [holdingsResult] = useQuery({ query: MemberHoldingsQuery, variables: { tenantId, userId }, pause: !mayManage, requestPolicy: 'cache-and-network' });
  const holdings = mayManage ? holdingsResult.data?.tenant.memberHoldings : undefined;

  return (
    <>
      <p>
        <Link to="/members">← All members</Link>
      </p>
      <h1>{membership?.user.email ?? (email || 'Member')}</h1>
      <ErrorLine error={result.error} />
      {removing && (
        <RemovalFlow tenantId={tenantId} user={removing} onChanged={() => reexecute({ requestPolicy: 'network-only' })} onClose={() => setRemoving(null)} />
      )}
      {data && !membership && <p>This user is not a member of {data.tenant.name} (any more).</p>}
      {membership && (
        <>
          <p>
            {membership.isOwner ? <span className="chip owner">Owner</span> : null} Member of {data!.tenant.name} since{' '}
            {new Date(membership.joinedAt).toLocaleDateString()}.
          </p>
          {membership.viewerCanRemove && (
            <p>
              <RemoveButton user={membership.user} onClick={() => setRemoving(membership.user)} />
            </p>
          )}
          <section aria-labelledby="roles-heading">
            <h2 id="roles-heading">Roles</h2>
            {data!.tenant.memberRoles.length === 0 ? (
              <p className="muted">No roles in this tenant.</p>
            ) : (
              <ul className="plain">
                {data!.tenant.memberRoles.map((role) => (
                  <li key={role.id}>
                    <span className="chip">{role.name}</span> {role.capabilities.length > 0 && <span className="muted">({role.capabilities.join(', ')})</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {mayManage ? (
            <>
              <ErrorLine error={holdingsResult.error} />
              {holdings && <Holdings holdings={holdings} />}
            </>
          ) : (
            <p className="muted">Only the tenant's owner and user managers see a member's dataset permissions and the datasets they own here.</p>
          )}
        </>
      )}
    </>
  );
}

type HoldingsData = ConsoleMemberHoldingsQuery['tenant']['memberHoldings'];

/** The member's direct permissions on this tenant's datasets and the datasets they own here:
 * the same lists, in the same order, as the removal preview's. */
function Holdings({ holdings }: { holdings: HoldingsData }) {
  return (
    <>
      <section aria-labelledby="permissions-heading">
        <h2 id="permissions-heading">Direct dataset permissions ({holdings.datasetPermissions.length})</h2>
        <p className="muted">On this tenant's datasets: what removing the member would take, with their roles.</p>
        {holdings.datasetPermissions.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col">Permission</th>
                </tr>
              </thead>
              <tbody>
                {holdings.datasetPermissions.map((p) => (
                  <tr key={`${p.datasetId}-${p.permission}`}>
                    <td>{p.datasetName}</td>
                    <td>{p.permission}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="owned-heading">
        <h2 id="owned-heading">Datasets owned ({holdings.ownedDatasets.length})</h2>
        <p className="muted">They stay in the tenant if the member is removed.</p>
        {holdings.ownedDatasets.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="plain">
            {holdings.ownedDatasets.map((dataset) => (
              <li key={dataset.id}>{dataset.name}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
