import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { AuditDetails } from '../components/AuditDetails';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { Pager, useCursorPages } from '../components/Pager';
import { ReinstateMemberMutation } from '../components/RemoveMember';
import { graphql } from '../gql';

const AuditQuery = graphql(`
  query ConsoleAuditEvents($tenantId: UUID!, $after: String, $filter: AuditEventFilter) {
    tenant(id: $tenantId) {
      id
      name
      members(first: 100) {
        edges {
          node {
            user {
              id
              email
            }
          }
        }
      }
      auditEvents(first: 50, after: $after, filter: $filter) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            action
            occurredAt
            actor {
              id
              email
            }
            targetUser {
              id
              email
            }
            details
            viewerCanReinstate
          }
        }
      }
    }
  }
`);

/** The actions the audit trail records, in words: the server's list. */
const AuditActionsQuery = graphql(`
  query ConsoleAuditActions {
    auditActions {
      action
      label
    }
  }
`);

type Person = { id: string; email: string };

/** How the log names an actor: a user by email; an event with none (an operator's) in these words. */
const NO_ACTOR = 'operator';

export function AuditPage() {
  return <InTenant what="Audit log">{(tenantId) => <Audit tenantId={tenantId} />}</InTenant>;
}

function Audit({ tenantId }: { tenantId: string }) {
  // Filters live in the address, so a user link elsewhere can open the log filtered.
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const actorId = params.get('actor') ?? '';
  const targetUserId = params.get('target') ?? '';
  const pages = useCursorPages();
  const filter = { ...(action ? { actions: [action] } : {}), ...(actorId ? { actorId } : {}), ...(targetUserId ? { targetUserId } : {}) };
  const [result, reexecute] = useQuery({ query: AuditQuery, variables: { tenantId, after: pages.after, filter } });
  const [undo, reinstate] = useMutation(ReinstateMemberMutation);
  const [actions] = useQuery({ query: AuditActionsQuery });
  const ACTIONS = Object.fromEntries((actions.data?.auditActions ?? []).map((info) => [info.action, info.label]));
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setOpen((current) => new Set(current.has(id) ? [...current].filter((other) => other !== id) : [...current, id]));
  const tenant = result.data?.tenant;
  // Whom the filters offer: the members, and anyone the events on this page name (a removed user too).
  const people = [
    ...new Map(
      [...(tenant?.members.edges.map((edge) => edge.node.user) ?? []), ...(tenant?.auditEvents.edges.flatMap((edge) => [edge.node.actor, edge.node.targetUser]) ?? [])]
        .filter((user): user is Person => Boolean(user))
        .map((user) => [user.id, user]),
    ).values(),
  ].sort((a, b) => a.email.localeCompare(b.email));

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    pages.reset();
  }

  async function runUndo(eventId: string) {
    const answer = await reinstate({ auditEventId: eventId });
    if (answer.data) {
      setNotice(answer.data.reinstateTenantMember.message);
      reexecute({ requestPolicy: 'network-only' });
    }
  }

  const link = (user: Person) => <Link to={`/members/${user.id}?email=${encodeURIComponent(user.email)}`}>{user.email}</Link>;
  const actor = (user: Person | null | undefined) => (user ? link(user) : <span className="muted">{NO_ACTOR}</span>);
  // No target is shown as nothing: an empty cell, not a name.
  const target = (user: Person | null | undefined) => (user ? link(user) : null);

  return (
    <>
      <h1>Audit log{tenant ? ` of ${tenant.name}` : ''}</h1>
      <div className="toolbar">
        <label>
          Action
          <select value={action} onChange={(e) => set('action', e.target.value)}>
            <option value="">All actions</option>
            {Object.entries(ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PersonFilter label="Actor" people={people} value={actorId} onChange={(value) => set('actor', value)} />
        <PersonFilter label="Target" people={people} value={targetUserId} onChange={(value) => set('target', value)} />
      </div>
      <ErrorLine error={result.error ?? undo.error} />
      {notice && (
        <p role="status" className="notice-line">
          {notice}
        </p>
      )}
      {tenant && (
        <div className="table-scroll">
        <table className="audit">
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tenant.auditEvents.edges.map(({ node }) => {
              const expanded = open.has(node.id);
              const detailsId = `details-${node.id}`;
              const what = ACTIONS[node.action] ?? node.action;
              return (
                <Fragment key={node.id}>
                  <tr>
                    <td>{new Date(node.occurredAt).toLocaleString()}</td>
                    <td>{what}</td>
                    <td>{actor(node.actor)}</td>
                    <td>{target(node.targetUser)}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary disclosure"
                        aria-expanded={expanded}
                        aria-controls={expanded ? detailsId : undefined}
                        aria-label={`Details: ${what}${node.targetUser ? ` ${node.targetUser.email}` : ''}`}
                        onClick={() => toggle(node.id)}
                      >
                        Details
                      </button>
                    </td>
                  </tr>
                  {expanded && (
                    <tr id={detailsId} className="details-row">
                      <td colSpan={5}>
                        <AuditDetails details={node.details} />
                        {node.viewerCanReinstate && (
                          <button type="button" onClick={() => void runUndo(node.id)} disabled={undo.fetching} aria-label={`Undo: reinstate ${node.targetUser?.email ?? 'the member'}`}>
                            Undo
                          </button>
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
            {tenant.auditEvents.edges.length === 0 && (
              <tr>
                <td colSpan={5}>No events match.</td>
              </tr>
            )}
          </tbody>
        </table>
        </div>
      )}
      {tenant && <Pager label="Pages of audit events" pages={pages} pageInfo={tenant.auditEvents.pageInfo} backLabel="Newer" forwardLabel="Older" />}
    </>
  );
}

/** A filter by one person. A person the page does not name (a link from elsewhere) is offered by id,
 * so the select still shows what the address filters by. */
function PersonFilter({ label, people, value, onChange }: { label: string; people: Person[]; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Anyone</option>
        {people.map((user) => (
          <option key={user.id} value={user.id}>
            {user.email}
          </option>
        ))}
        {value && !people.some((user) => user.id === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
