import { useId, useState, type FormEvent } from 'react';
import { useClient, type Client } from 'urql';
import { plainError } from '../errors';
import { UserIdByEmailQuery } from '../lookups';
import { AddToRoleMutation, AddUserToTenantMutation } from '../member-operations';

type Role = { id: string; name: string };
type Outcome = { email: string; added: boolean; text: string };

/** Most emails one paste may hold: each is a few requests, made one after the other. */
const MAX_LINES = 200;

const NO_ACCOUNT = 'No account has this email. They can create one on the console’s sign-in page, or an operator runs tenantry users create.';

/** Adds one account by email, then gives it the roles: the single add and each line of a paste. */
async function addByEmail(client: Client, tenantId: string, email: string, roles: Role[]): Promise<Outcome> {
  const found = await client.query(UserIdByEmailQuery, { email }, { requestPolicy: 'network-only' }).toPromise();
  const userId = found.data?.userIdByEmail;
  if (!userId) {
    const notFound = found.error?.graphQLErrors.some((e) => (e.extensions as { code?: string })?.code === 'NOT_FOUND');
    return { email, added: false, text: notFound ? NO_ACCOUNT : (plainError(found.error) ?? NO_ACCOUNT) };
  }
  const added = await client.mutation(AddUserToTenantMutation, { tenantId, userId }).toPromise();
  if (added.error) return { email, added: false, text: plainError(added.error)! };
  const given: string[] = [];
  const notGiven: string[] = [];
  for (const role of roles) {
    const answer = await client.mutation(AddToRoleMutation, { roleId: role.id, userId }).toPromise();
    if (answer.error) notGiven.push(`${role.name} (${plainError(answer.error)})`);
    else given.push(role.name);
  }
  const withRoles = given.length > 0 ? ` with ${given.join(', ')}` : '';
  return { email, added: true, text: `Added${withRoles}.${notGiven.length > 0 ? ` Not given: ${notGiven.join('; ')}` : ''}` };
}

/** The emails of a pasted list: one a line (commas, semicolons and spaces separate too), each once. */
export function emailsOf(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !seen.has(part.toLowerCase()) && seen.add(part.toLowerCase()));
}

/** Add members by email, one or a pasted list, each with the roles ticked; every email gets its own outcome. */
export function AddMembers({ tenantId, roles, onAdded }: { tenantId: string; roles: Role[]; onAdded: () => void }) {
  const client = useClient();
  const headingId = useId();
  const [email, setEmail] = useState('');
  const [list, setList] = useState('');
  const [bulkOpen, setBulkOpen] = useState(false);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);

  async function add(emails: string[]) {
    setBusy(true);
    setOutcomes([]);
    const chosen = roles.filter((role) => ticked.has(role.id));
    const done: Outcome[] = [];
    for (const next of emails.slice(0, MAX_LINES)) {
      done.push(await addByEmail(client, tenantId, next, chosen));
      setOutcomes([...done]);
    }
    setBusy(false);
    if (done.some((outcome) => outcome.added)) onAdded();
    return done;
  }

  async function addOne(event: FormEvent) {
    event.preventDefault();
    const [outcome] = await add([email.trim()]);
    if (outcome?.added) setEmail('');
  }

  async function addList(event: FormEvent) {
    event.preventDefault();
    await add(emailsOf(list));
  }

  const lines = emailsOf(list).length;
  const addedCount = outcomes.filter((outcome) => outcome.added).length;
  return (
    <section className="card add-members" aria-labelledby={headingId}>
      <h2 id={headingId}>Add members</h2>
      {roles.length > 0 && (
        <fieldset className="role-picks">
          <legend>Roles to give</legend>
          {roles.map((role) => (
            <label key={role.id} className="check">
              <input
                type="checkbox"
                checked={ticked.has(role.id)}
                onChange={() => setTicked((current) => new Set(current.has(role.id) ? [...current].filter((id) => id !== role.id) : [...current, role.id]))}
              />
              {role.name}
            </label>
          ))}
        </fieldset>
      )}
      <form className="inline-form" onSubmit={addOne}>
        <label>
          Member’s email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Add member
        </button>
        <button type="button" className="secondary" aria-expanded={bulkOpen} aria-controls={`${headingId}-bulk`} onClick={() => setBulkOpen(!bulkOpen)}>
          Add from a list…
        </button>
      </form>
      <form id={`${headingId}-bulk`} className="stack" hidden={!bulkOpen} onSubmit={addList}>
        <label>
          Emails, one a line (up to {MAX_LINES})
          <textarea rows={5} value={list} onChange={(e) => setList(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || lines === 0}>
          Add {lines} {lines === 1 ? 'member' : 'members'}
        </button>
      </form>
      {outcomes.length > 0 && (
        <>
          <p role="status">
            {busy ? `Adding… ${outcomes.length} done.` : `${addedCount} added, ${outcomes.length - addedCount} refused.`}
          </p>
          <div className="table-scroll">
            <table className="outcomes">
              <caption className="visually-hidden">What happened to each email</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {outcomes.map((outcome) => (
                  <tr key={outcome.email}>
                    <td>{outcome.email}</td>
                    <td className={outcome.added ? 'outcome-ok' : 'outcome-refused'}>{outcome.added ? outcome.text : `Refused: ${outcome.text}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
