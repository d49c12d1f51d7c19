import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { BulkRemoval } from '../components/BulkRemoval';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { Pager, useCursorPages } from '../components/Pager';
import { RemovalFlow, RemoveButton } from '../components/RemoveMember';
import { AddMembers } from '../components/AddMembers';
import { graphql } from '../gql';

export const PAGE_SIZE = 50;

const MembersQuery = graphql(`
  query ConsoleMembers($tenantId: UUID!, $first: Int!, $after: String, $emailPrefix: String) {
    tenant(id: $tenantId) {
      id
      name
      viewerCanManageUsers
      roles {
        id
        name
      }
      members(first: $first, after: $after, emailPrefix: $emailPrefix) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            isOwner
            joinedAt
            viewerCanRemove
            user {
              id
              email
            }
            roles {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export function MembersPage() {
  return <InTenant what="Members">{(tenantId) => <Members tenantId={tenantId} />}</InTenant>;
}

function Members({ tenantId }: { tenantId: string }) {
  const [search, setSearch] = useState('');
  const [prefix, setPrefix] = useState('');
  const pages = useCursorPages();
  // Ticked members, kept across pages and searches.
  const [selected, setSelected] = useState<Map<string, { id: string; email: string }>>(new Map());
  // The removal flow lives here, not in the row: its receipt stays up after the row is gone.
  const [removing, setRemoving] = useState<{ id: string; email: string } | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      setPrefix(search.trim());
      pages.reset();
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const [result, reexecute] = useQuery({ query: MembersQuery, variables: { tenantId, first: PAGE_SIZE, after: pages.after, emailPrefix: prefix || null } });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const tenant = result.data?.tenant;
  const members = tenant?.members;
  // Any member may be ticked by someone who manages users: the server says, per user, who cannot go (the owner).
  const selectable = Boolean(tenant?.viewerCanManageUsers);

  function toggle(user: { id: string; email: string }) {
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(user.id)) next.delete(user.id);
      else next.set(user.id, user);
      return next;
    });
  }

  return (
    <>
      <h1>Members{tenant ? ` of ${tenant.name}` : ''}</h1>
      <div className="toolbar">
        <label>
          Search by email
          <input type="search" placeholder="Start of an email address" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {members && (
          <span aria-live="polite">
            {members.totalCount} {members.totalCount === 1 ? 'member' : 'members'}
            {prefix ? ` matching “${prefix}”` : ''}
          </span>
        )}
      </div>
      <ErrorLine error={result.error} />
      {tenant?.viewerCanManageUsers && <AddMembers tenantId={tenantId} roles={tenant.roles} onAdded={refetch} />}
      {removing && <RemovalFlow tenantId={tenantId} user={removing} onChanged={refetch} onClose={() => setRemoving(null)} />}
      {selectable && selected.size > 0 && (
        <BulkRemoval
          tenantId={tenantId}
          users={[...selected.values()]}
          onDone={() => {
            setSelected(new Map());
            refetch();
          }}
        />
      )}
      {members && (
        <div className="table-scroll">
        <table className="members">
          <caption className="visually-hidden">Members, by email</caption>
          <thead>
            <tr>
              {selectable && (
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
              )}
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.edges.map(({ node }) => (
              <tr key={node.user.id}>
                {selectable && (
                  <td>
                    <input type="checkbox" aria-label={`Select ${node.user.email}`} checked={selected.has(node.user.id)} onChange={() => toggle(node.user)} />
                  </td>
                )}
                <td>
                  <Link to={`/members/${node.user.id}?email=${encodeURIComponent(node.user.email)}`}>{node.user.email}</Link>
                  {node.isOwner && <span className="chip owner">Owner</span>}
                </td>
                <td>
                  {node.roles.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    node.roles.map((role) => (
                      <span key={role.id} className="chip">
                        {role.name}
                      </span>
                    ))
                  )}
                </td>
                <td>{new Date(node.joinedAt).toLocaleDateString()}</td>
                <td>{node.viewerCanRemove && <RemoveButton user={node.user} onClick={() => setRemoving(node.user)} />}</td>
              </tr>
            ))}
            {members.edges.length === 0 && (
              <tr>
                <td colSpan={5}>No member matches.</td>
              </tr>
            )}
          </tbody>
        </table>
        </div>
      )}
      {members && <Pager label="Pages of members" pages={pages} pageInfo={members.pageInfo} backLabel="Previous page" forwardLabel="Next page" />}
    </>
  );
}
