import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { plainError } from '../errors';
import { graphql } from '../gql';
import { LoginMutation } from '../session';

const RegisterMutation = graphql(`
  mutation ConsoleRegister($email: String!, $password: String!) {
    register(email: $email, password: $password) {
      id
    }
  }
`);

/** Makes an account with the public `register` mutation, then signs it in: the first administrator
 * on a new installation, and anyone's own account after that. */
export function NewAccountForm({ title, submitLabel, onSignedIn }: { title: string; submitLabel: string; onSignedIn: (expiresIn: number) => void }) {
  const headingId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [registration, register] = useMutation(RegisterMutation);
  const [login, run] = useMutation(LoginMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const made = await register({ email, password });
    if (!made.data) return;
    const signed = await run({ email, password });
    if (signed.data) onSignedIn(signed.data.login.expiresIn);
  }

  const error = plainError(registration.error ?? login.error);
  const busy = registration.fetching || login.fetching;
  return (
    <form onSubmit={submit} className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <label>
        Email
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password <span className="muted">(8 to 256 characters)</span>
        <input type="password" name="new-password" autoComplete="new-password" required minLength={8} maxLength={256} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
