/** An audit event's `details`, in words: each key a term, lists as lists. Every action's details
 * read the same way, so a new kind of event needs nothing here. */

/** What a key names: `revokedRoleCount` → "Revoked role count". */
function termOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One entry of a list: a role or dataset by name, a permission on a dataset. */
function itemOf(item: unknown): string {
  if (item === null || typeof item !== 'object') return String(item);
  const record = item as Record<string, unknown>;
  if (typeof record.permission === 'string' && typeof record.datasetName === 'string') return `${record.permission.toUpperCase()} on ${record.datasetName}`;
  if (typeof record.name === 'string') return record.name;
  return JSON.stringify(item);
}

function valueOf(value: unknown) {
  if (Array.isArray(value)) {
    return value.length === 0 ? <span className="muted">none</span> : <ul>{value.map((item, i) => <li key={i}>{itemOf(item)}</li>)}</ul>;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value !== null && typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return String(value ?? '—');
}

export function AuditDetails({ details }: { details: unknown }) {
  const entries = details && typeof details === 'object' && !Array.isArray(details) ? Object.entries(details as Record<string, unknown>) : [];
  if (entries.length === 0) return <p className="muted">No details recorded.</p>;
  return (
    <dl className="details">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{termOf(key)}</dt>
          <dd>{valueOf(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
