import { useState } from 'react';
import { useMutation } from 'urql';
import { plainError } from '../errors';
import { graphql } from '../gql';
import type { ConsoleRemoveMemberMutation } from '../gql/graphql';
import { Dialog } from './Dialog';

const RemoveMemberMutation = graphql(`
  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {
    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {
      message
      auditEventId
      revokedRoleCount
      revokedDatasetPermissionCount
      activeTenantCleared
    }
  }
`);

type Receipt = ConsoleRemoveMemberMutation['removeUserFromTenant'];

/** Remove one member: confirm, then the receipt. */
export function RemoveMember({ tenantId, user, onRemoved }: { tenantId: string; user: { id: string; email: string }; onRemoved: () => void }) {
  const [step, setStep] = useState<'closed' | 'confirm' | 'receipt'>('closed');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [removal, remove] = useMutation(RemoveMemberMutation);

  async function confirm() {
    const result = await remove({ tenantId, userId: user.id });
    if (result.data) {
      setReceipt(result.data.removeUserFromTenant);
      setStep('receipt');
    }
  }

  function close() {
    if (step === 'receipt') onRemoved();
    setStep('closed');
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => setStep('confirm')} aria-label={`Remove ${user.email}`}>
        Remove
      </button>
      {step === 'confirm' && (
        <Dialog title={`Remove ${user.email}?`} onClose={close}>
          <p>
            {user.email} loses every role and every direct dataset permission in this tenant, at once. Datasets they own stay.
          </p>
          {removal.error && (
            <p role="alert" className="error">
              {plainError(removal.error)}
            </p>
          )}
          <div className="actions">
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void confirm()} disabled={removal.fetching}>
              {removal.fetching ? 'Removing…' : 'Remove from tenant'}
            </button>
          </div>
        </Dialog>
      )}
      {step === 'receipt' && receipt && (
        <Dialog title={`${user.email} was removed`} onClose={close}>
          <ul className="receipt">
            <li>{receipt.revokedRoleCount} role assignments revoked</li>
            <li>{receipt.revokedDatasetPermissionCount} direct dataset permissions revoked</li>
            {receipt.activeTenantCleared && <li>This was their active tenant; they now work in their personal space.</li>}
          </ul>
          <p className="muted">Audit event {receipt.auditEventId}</p>
          <div className="actions">
            <button type="button" onClick={close}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
