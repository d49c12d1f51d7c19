import { emailKey } from '../../accounts/email-key.ts';

/** A LIKE pattern matching emails that start with `prefix`, under the email key (against the
 * email_key column). `\`, `%` and `_` in the prefix match themselves: they are escaped
 * with `\`, the escape character every query using the pattern declares (ESCAPE '\'). */
export function emailPrefixPattern(prefix: string | null | undefined): string {
  if (!prefix) return '%';
  return emailKey(prefix).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
