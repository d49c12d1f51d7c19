import { emailKey } from '../../accounts/credentials-rules.ts';

/** A LIKE pattern matching emails that start with `prefix`, case-insensitively (against the
 * lower-cased email key). `\`, `%` and `_` in the prefix match themselves: they are escaped
 * with `\`, the escape character every query using the pattern declares (ESCAPE '\'). */
export function emailPrefixPattern(prefix: string | null | undefined): string {
  if (!prefix) return '%';
  return emailKey(prefix).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
