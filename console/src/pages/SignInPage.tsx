import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { plainError } from '../errors';
import { LoginMutation } from '../session';

export function SignInPage({ onSignedIn, problem }: { onSignedIn: () => void; problem: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, run] = useMutation(LoginMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run({ email, password });
    if (result.data) onSignedIn();
  }

  const error = plainError(login.error) ?? problem;
  return (
    <main className="sign-in">
      <h1>Sign in to Tenantry</h1>
      <form onSubmit={submit} className="card" aria-describedby={error ? 'sign-in-error' : undefined}>
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
      <p className="hint">Your session is kept in a secure cookie for as long as your access token lasts.</p>
    </main>
  );
}
