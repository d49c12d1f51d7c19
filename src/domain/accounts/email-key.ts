/** The identity of an email address, defined once: what the unique key holds, and what register,
 * login, the lookup by email, the member search prefix and the login rate limit compare.
 *
 * NFKC, then lower case, then NFKC again (the case mapping can undo a normal form). NFKC rather
 * than NFC because the key decides which addresses are one account: compatibility forms that look
 * like the plain ones (full-width ｊｏｓｅ, the ligature ﬁ, a superscript ²) are folded in with
 * them, so nobody can register a look-alike of someone else's address; é precomposed and e + a
 * combining accent are one key under either form. The address as shown keeps its letters (only NFC,
 * which changes no glyph). The case mapping is Unicode's, without context: a capital sigma is σ
 * wherever it stands (toLowerCase alone would make a final one ς). PostgreSQL's lower() is not
 * used anywhere: it follows the server's locale. The migration
 * prisma/migrations/20261204230000_email_key_fold defines email_key_fold() in SQL from the same
 * mapping; test/db/email-key.test.ts holds the two together. */
export function emailKey(email: string): string {
  return email.normalize('NFKC').toLowerCase().replaceAll('\u03c2', '\u03c3').normalize('NFKC');
}

/** The address as stored and shown: trimmed, in NFC (canonically equal spellings look the same
 * and are stored the same). */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC');
}
