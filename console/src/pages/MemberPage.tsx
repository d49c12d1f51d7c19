import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { RemovalFlow, RemoveButton } from '../components/RemoveMember';
import { graphql } from '../gql';

const MemberQuery = graphql(`
  query ConsoleMember($tenantId: UUID!, $userId: UUID!, $email: String!) {
    tenant(id: $tenantId) {
      id
      name
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
      datasets {
        id
        name
        ownerId
      }
    }
    read: principalDatasets(principalId: $userId, permission: READ) {
      id
      name
      tenantId
    }
    write: principalDatasets(principalId: $userId, permission: WRITE) {
      id
      name
      tenantId
    }
    delete: principalDatasets(principalId: $userId, permission: DELETE) {
      id
      name
      tenantId
    }
    share: principalDatasets(principalId: $userId, permission: SHARE) {
      id
      name
      tenantId
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
  const permissions = data
    ? (['read', 'write', 'delete', 'share'] as const).flatMap((permission) =>
        data[permission].filter((dataset) => dataset.tenantId === tenantId).map((dataset) => ({ permission: permission.toUpperCase(), dataset })),
      )
    : [];
  const owned = data?.tenant.datasets.filter((dataset) => dataset.ownerId === userId) ?? [];

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
          <section aria-labelledby="permissions-heading">
            <h2 id="permissions-heading">Direct dataset permissions</h2>
            <p className="muted">On this tenant's datasets you may share.</p>
            {permissions.length === 0 ? (
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
                  {permissions.map(({ permission, dataset }) => (
                    <tr key={`${dataset.id}-${permission}`}>
                      <td>{dataset.name}</td>
                      <td>{permission}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
          </section>
          <section aria-labelledby="owned-heading">
            <h2 id="owned-heading">Datasets owned</h2>
            <p className="muted">They stay in the tenant if the member is removed.</p>
            {owned.length === 0 ? (
              <p className="muted">None that you can read.</p>
            ) : (
              <ul className="plain">
                {owned.map((dataset) => (
                  <li key={dataset.id}>{dataset.name}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
