import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { NewAccountForm } from '../components/NewAccountForm';
import { plainError } from '../errors';
import { graphql } from '../gql';
import { LoginMutation } from '../session';

const SetupStatusQuery = graphql(`
  query ConsoleSetupStatus {
    setupStatus {
      needsFirstAdmin
    }
  }
`);

type SignedIn = (expiresIn: number) => void;

/** Signed out: on a new installation, the first administrator's form; after that, sign-in, and how accounts are made. */
export function SignInPage({ onSignedIn, problem }: { onSignedIn: SignedIn; problem: string | null }) {
  const [setup] = useQuery({ query: SetupStatusQuery });
  if (setup.fetching && !setup.data) return <p className="loading">Loading…</p>;
  if (setup.data?.setupStatus.needsFirstAdmin) {
    return (
      <main className="sign-in">
        <h1>Welcome to Tenantry</h1>
        <p>This installation has no accounts yet. The account you create now is the first administrator: next, you create a tenant, which you own, and add people to it.</p>
        <NewAccountForm title="Create the first administrator" submitLabel="Create administrator" onSignedIn={onSignedIn} />
      </main>
    );
  }
  return <SignIn onSignedIn={onSignedIn} problem={problem ?? plainError(setup.error)} />;
}

function SignIn({ onSignedIn, problem }: { onSignedIn: SignedIn; problem: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, run] = useMutation(LoginMutation);
  const [registering, setRegistering] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run({ email, password });
    if (result.data) onSignedIn(result.data.login.expiresIn);
  }

  const error = plainError(login.error) ?? problem;
  return (
    <main className="sign-in">
      <h1>Sign in to Tenantry</h1>
      <form onSubmit={submit} className="card stack" aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={login.fetching}>
          {login.fetching ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <section aria-labelledby="no-account-heading" className="accounts-help">
        <h2 id="no-account-heading">No account yet?</h2>
        <p>
          Create your own below, or ask an administrator: an operator can make one with <code>tenantry users create --email you@example.com</code>. Either
          way, an administrator then adds you to their tenant by your email.
        </p>
        <button type="button" className="secondary" aria-expanded={registering} aria-controls="new-account" onClick={() => setRegistering(!registering)}>
          Create an account
        </button>
        <div id="new-account" hidden={!registering}>
          {registering && <NewAccountForm title="Create your account" submitLabel="Create account" onSignedIn={onSignedIn} />}
        </div>
      </section>
      <p className="hint">Your session is kept in a secure cookie for as long as your access token lasts.</p>
    </main>
  );
}
