import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { graphql, type DocumentType } from '../gql';
import type { ConsoleRemoveMemberMutation, ConsoleReinstateMemberMutation } from '../gql/graphql';
import { RemovalReceiptFragment } from '../generated/fragments';
import { Dialog } from './Dialog';
import { ErrorLine } from './ErrorLine';

const RemovalPreviewMutation = graphql(`
  mutation ConsoleRemovalPreview($tenantId: UUID!, $userId: UUID!) {
    removeUserFromTenant(tenantId: $tenantId, userId: $userId, dryRun: true) {
      dryRun
      ...RemovalReceipt
    }
  }
`);

const RemoveMemberMutation = graphql(`
  mutation ConsoleRemoveMember($tenantId: UUID!, $userId: UUID!) {
    removeUserFromTenant(tenantId: $tenantId, userId: $userId) {
      message
      auditEventId
      ...RemovalReceipt
    }
  }
`);

export const ReinstateMemberMutation = graphql(`
  mutation ConsoleReinstateMember($auditEventId: UUID!) {
    reinstateTenantMember(auditEventId: $auditEventId) {
      message
      auditEventId
      reinstatedRoles {
        id
        name
      }
      reinstatedDatasetPermissions {
        datasetId
        datasetName
        permission
      }
      skippedRoles {
        id
        name
      }
      skippedDatasetPermissions {
        datasetId
        datasetName
        permission
      }
    }
  }
`);

type Impact = DocumentType<typeof RemovalReceiptFragment>;
type Receipt = ConsoleRemoveMemberMutation['removeUserFromTenant'];
type Reinstatement = ConsoleReinstateMemberMutation['reinstateTenantMember'];
type User = { id: string; email: string };

/** The row's button that opens the removal flow; the flow itself lives in the page (RemovalFlow),
 * so it outlasts the row, which goes as soon as the removal is made. */
export function RemoveButton({ user, onClick }: { user: User; onClick: () => void }) {
  return (
    <button type="button" className="danger" onClick={onClick} aria-label={`Remove ${user.email}`}>
      Remove
    </button>
  );
}

/** Remove one member: 1. what goes and what stays (a dry run), 2. confirm, 3. the receipt, with Undo.
 * onChanged runs as soon as the membership changes (removal, undo), so the page behind is current. */
export function RemovalFlow({ tenantId, user, onChanged, onClose }: { tenantId: string; user: User; onChanged: () => void; onClose: () => void }) {
  const [step, setStep] = useState<'preview' | 'confirm' | 'receipt'>('preview');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [removal, remove] = useMutation(RemoveMemberMutation);

  async function confirm() {
    const result = await remove({ tenantId, userId: user.id });
    if (result.data) {
      setReceipt(result.data.removeUserFromTenant);
      setStep('receipt');
      onChanged();
    }
  }

  if (step === 'preview') return <Preview tenantId={tenantId} user={user} onCancel={onClose} onContinue={() => setStep('confirm')} />;
  if (step === 'receipt' && receipt) return <RemovalReceipt user={user} receipt={receipt} onUndone={onChanged} onClose={onClose} />;
  return (
    <Dialog title={`Remove ${user.email} now?`} onClose={onClose}>
      <p>
        {user.email} loses the roles and permissions listed, at once, in one transaction. You can undo it from the receipt or from the audit log.
      </p>
      <ErrorLine error={removal.error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm()} disabled={removal.fetching}>
          {removal.fetching ? 'Removing…' : 'Remove from tenant'}
        </button>
      </div>
    </Dialog>
  );
}

function Preview({ tenantId, user, onCancel, onContinue }: { tenantId: string; user: User; onCancel: () => void; onContinue: () => void }) {
  const [preview, run] = useMutation(RemovalPreviewMutation);
  useEffect(() => {
    void run({ tenantId, userId: user.id });
  }, [run, tenantId, user.id]);
  const impact = preview.data?.removeUserFromTenant;
  return (
    <Dialog title={`Removing ${user.email}: what changes`} onClose={onCancel}>
      {preview.fetching && <p>Working out what the removal takes…</p>}
      <ErrorLine error={preview.error} />
      {impact && <ImpactList impact={impact} tense="would" />}
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onContinue} disabled={!impact}>
          Continue
        </button>
      </div>
    </Dialog>
  );
}

/** The roles and permissions a removal takes (or would take) and the datasets that stay. */
function ImpactList({ impact, tense }: { impact: Impact; tense: 'would' | 'did' }) {
  const go = tense === 'would' ? 'go' : 'went';
  return (
    <div className="impact">
      <h3>Roles that {go} ({impact.revokedRoles.length})</h3>
      {impact.revokedRoles.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain chips" aria-label="Roles">
          {impact.revokedRoles.map((role) => (
            <li key={role.id} className="chip">
              {role.name}
            </li>
          ))}
        </ul>
      )}
      <h3>Direct dataset permissions that {go} ({impact.revokedDatasetPermissions.length})</h3>
      {impact.revokedDatasetPermissions.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-label="Dataset permissions">
          {impact.revokedDatasetPermissions.map((p) => (
            <li key={`${p.datasetId}-${p.permission}`}>
              {p.permission} on {p.datasetName}
            </li>
          ))}
        </ul>
      )}
      <h3>Datasets they own, which stay ({impact.ownedDatasets.length})</h3>
      {impact.ownedDatasets.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-label="Datasets that stay">
          {impact.ownedDatasets.map((d) => (
            <li key={d.id}>{d.name}</li>
          ))}
        </ul>
      )}
      {impact.activeTenantCleared && <p>This {tense === 'would' ? 'is' : 'was'} their active tenant; they will work in their personal space.</p>}
    </div>
  );
}

function RemovalReceipt({ user, receipt, onUndone, onClose }: { user: User; receipt: Receipt; onUndone: () => void; onClose: () => void }) {
  const [undo, reinstate] = useMutation(ReinstateMemberMutation);
  const [back, setBack] = useState<Reinstatement | null>(null);
  async function runUndo() {
    if (!receipt.auditEventId) return;
    const result = await reinstate({ auditEventId: receipt.auditEventId });
    if (result.data) {
      setBack(result.data.reinstateTenantMember);
      onUndone();
    }
  }
  if (back) {
    return (
      <Dialog title={`${user.email} is back`} onClose={onClose}>
        <ReinstatementList reinstatement={back} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={`${user.email} was removed`} onClose={onClose}>
      <ImpactList impact={receipt} tense="did" />
      <p>
        Recorded in the <Link to={`/audit?target=${user.id}`}>audit log</Link>, where it can be undone later too.
      </p>
      <ErrorLine error={undo.error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void runUndo()} disabled={undo.fetching}>
          {undo.fetching ? 'Undoing…' : 'Undo'}
        </button>
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

export function ReinstatementList({ reinstatement }: { reinstatement: Reinstatement }) {
  const skipped = reinstatement.skippedRoles.length + reinstatement.skippedDatasetPermissions.length;
  return (
    <div className="impact">
      <h3>Roles given back ({reinstatement.reinstatedRoles.length})</h3>
      <ul className="plain chips" aria-label="Roles given back">
        {reinstatement.reinstatedRoles.map((role) => (
          <li key={role.id} className="chip">
            {role.name}
          </li>
        ))}
      </ul>
      <h3>Dataset permissions given back ({reinstatement.reinstatedDatasetPermissions.length})</h3>
      <ul>
        {reinstatement.reinstatedDatasetPermissions.map((p) => (
          <li key={`${p.datasetId}-${p.permission}`}>
            {p.permission} on {p.datasetName}
          </li>
        ))}
      </ul>
      {skipped > 0 && (
        <p>
          Not given back, because they no longer exist: {[...reinstatement.skippedRoles.map((r) => `role ${r.name}`), ...reinstatement.skippedDatasetPermissions.map((p) => `${p.permission} on ${p.datasetName}`)].join(', ')}.
        </p>
      )}
    </div>
  );
}
