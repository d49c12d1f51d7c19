import type { CombinedError } from 'urql';
import { plainError } from '../errors';

/** An operation's error in plain words, announced to screen readers; nothing when there is none. */
export function ErrorLine({ error }: { error: CombinedError | undefined }) {
  const message = plainError(error);
  return message ? (
    <p role="alert" className="error">
      {message}
    </p>
  ) : null;
}
