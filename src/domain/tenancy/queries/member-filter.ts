import { emailKey } from '../../accounts/email-key.ts';

/** A LIKE pattern matching emails that start with `prefix`, under the email key (against the
 * email_key column). `\`, `%` and `_` in the prefix match themselves: they are escaped
 * with `\`, the escape character every query using the pattern declares (ESCAPE '\'). */
export function emailPrefixPattern(prefix: string | null | undefined): string {
  if (!prefix) return '%';
  return emailKey(prefix).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/** The email-key range holding every key that starts with `prefix`, in byte order (COLLATE
 * "C"): from the key of the prefix itself up to, excluding, the prefix with its last character
 * replaced by the next one (UTF-8 byte order is code point order). It lets an index scan stop
 * where the matches end; the LIKE pattern stays the filter. `to` is null when there is no upper
 * end (no prefix; a prefix of U+10FFFF only), and the range is the whole index when the
 * prefix is not well-formed UTF-16 (a lone surrogate reaches the database as U+FFFD). */
export function emailPrefixRange(prefix: string | null | undefined): { from: string; to: string | null } {
  const key = prefix ? emailKey(prefix) : '';
  if (/\p{Cs}/u.test(key)) return { from: '', to: null };
  const chars = Array.from(key);
  while (chars.length) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return { from: key, to: chars.join('') + String.fromCodePoint(next) };
    }
  }
  return { from: key, to: null };
}
