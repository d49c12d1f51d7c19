import { useState } from 'react';
import { useMutation } from 'urql';
import { plainRefusal } from '../errors';
import { graphql } from '../gql';
import type { ConsoleBulkRemovalMutation } from '../gql/graphql';
import '../generated/fragments';
import { Dialog } from './Dialog';
import { ErrorLine } from './ErrorLine';

const BulkRemovalMutation = graphql(`
  mutation ConsoleBulkRemoval($tenantId: UUID!, $userIds: [UUID!]!, $dryRun: Boolean!) {
    removeUsersFromTenant(tenantId: $tenantId, userIds: $userIds, dryRun: $dryRun) {
      dryRun
      removedCount
      refusedCount
      outcomes {
        userId
        removed
        receipt {
          ...RemovalReceipt
        }
        error {
          code
          message
          reason
        }
      }
    }
  }
`);

type Result = ConsoleBulkRemovalMutation['removeUsersFromTenant'];
type User = { id: string; email: string };

/** Removes the members ticked in the table: what would happen to each (a dry run), confirm, then each one's outcome. */
export function BulkRemoval({ tenantId, users, onDone }: { tenantId: string; users: User[]; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [state, run] = useMutation(BulkRemovalMutation);
  const userIds = users.map((user) => user.id);

  async function start(dryRun: boolean) {
    const answer = await run({ tenantId, userIds, dryRun });
    if (answer.data) setResult(answer.data.removeUsersFromTenant);
  }

  function close() {
    const removedSome = result && !result.dryRun && result.removedCount > 0;
    setOpen(false);
    setResult(null);
    if (removedSome) onDone();
  }

  const emailOf = (id: string) => users.find((user) => user.id === id)?.email ?? id;
  return (
    <div className="bulk-bar" role="region" aria-label="Selected members">
      <span>
        {users.length} selected
      </span>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setOpen(true);
          void start(true);
        }}
      >
        Remove selected…
      </button>
      {open && (
        <Dialog title={result && !result.dryRun ? 'Removal outcomes' : `Remove ${users.length} members?`} onClose={close}>
          {state.fetching && <p>Working…</p>}
          <ErrorLine error={state.error} />
          {result && (
            <>
              <p>
                {result.dryRun
                  ? `${result.removedCount} would be removed, ${result.refusedCount} refused.`
                  : `${result.removedCount} removed, ${result.refusedCount} refused.`}
              </p>
              <div className="table-scroll">
              <table className="outcomes">
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {result.outcomes.map((outcome) => (
                    <tr key={outcome.userId}>
                      <td>{emailOf(outcome.userId)}</td>
                      <td>
                        {outcome.removed ? (
                          <span className="outcome-ok">
                            {result.dryRun ? 'Would be removed' : 'Removed'}
                            {outcome.receipt ? ` (${outcome.receipt.revokedRoles.length} roles, ${outcome.receipt.revokedDatasetPermissions.length} dataset permissions)` : ''}
                          </span>
                        ) : (
                          <span className="outcome-refused">Refused: {plainRefusal(outcome.error?.code, outcome.error?.message, outcome.error?.reason)}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            </>
          )}
          <div className="actions">
            <button type="button" className="secondary" onClick={close}>
              {result && !result.dryRun ? 'Done' : 'Cancel'}
            </button>
            {result?.dryRun && result.removedCount > 0 && (
              <button type="button" className="danger" onClick={() => void start(false)} disabled={state.fetching}>
                Remove {result.removedCount}
              </button>
            )}
          </div>
        </Dialog>
      )}
    </div>
  );
}
