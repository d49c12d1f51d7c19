import type { CombinedError } from 'urql';

/** What each error code means to a person using the console. */
const PLAIN: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  BAD_CREDENTIALS: 'That email and password do not match an active account.',
  FORBIDDEN: 'You are not allowed to do this in this tenant.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a minute and try again.',
  SERVICE_UNAVAILABLE: 'The service is unavailable right now. Try again in a few seconds.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on the server. Try again; if it persists, give your administrator the request id.',
  ABORTED: 'Not removed: another user in this all-or-nothing batch was refused.',
};

/** Codes whose server message is already specific and meant for people ("Role name already taken"). */
const SPECIFIC = new Set(['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND']);

/** One sentence for a refusal, from its code (and the server's message where that is the specific part). */
export function plainRefusal(code: string | undefined, message: string | undefined, reason?: string | null): string {
  if (reason === 'OWNER_NOT_REMOVABLE') return 'The tenant owner cannot be removed. Transfer ownership first.';
  if (reason === 'REGISTER_USER_ALREADY_EXISTS') return 'An account with this email exists already. Sign in with it instead.';
  if (code && PLAIN[code]) return PLAIN[code];
  if (code && SPECIFIC.has(code) && message) return message.endsWith('.') ? message : `${message}.`;
  return message ?? 'Something went wrong.';
}

export function plainError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) {
    const ext = first.extensions as { code?: string; reason?: string; issues?: { msg: string }[] } | undefined;
    // Field issues (a malformed email, a short password) say what to fix better than the summary.
    if (ext?.issues?.length) return ext.issues.map((issue) => (issue.msg.endsWith('.') ? issue.msg : `${issue.msg}.`)).join(' ');
    return plainRefusal(ext?.code, first.message, ext?.reason);
  }
  if (error.networkError) return 'The server could not be reached. Check your connection and try again.';
  return error.message;
}

/** True when the error means "sign in again". */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return Boolean(error?.graphQLErrors.some((e) => (e.extensions as { code?: string })?.code === 'UNAUTHENTICATED'));
}
