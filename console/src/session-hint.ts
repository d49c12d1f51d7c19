/** The session cookie is httpOnly (page scripts cannot see it), so the console keeps its own note
 * of when the session it signed in ends. Without one there is no session to ask about: a signed-out
 * load shows the sign-in page without asking /graphql who it is (which could only answer 401). */
const KEY = 'tenantry.session-until';

export function rememberSession(expiresInSeconds: number): void {
  localStorage.setItem(KEY, String(Date.now() + expiresInSeconds * 1000));
}

export function forgetSession(): void {
  localStorage.removeItem(KEY);
}

export function mayHaveSession(): boolean {
  return Number(localStorage.getItem(KEY) ?? 0) > Date.now();
}
