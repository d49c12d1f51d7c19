/** The one rule for ids, applied by the REST parser, the GraphQL UUID scalar, cursors and the
 * JWT subject: exactly the 8-4-4-4-12 hexadecimal form, any case, normalised to lower case.
 * PostgreSQL would also take braces, no hyphens or upper case, and JavaScript compares strings
 * byte for byte: one canonical form keeps both from disagreeing about which ids are equal. */
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical (lower-case) id, or null when `value` is not a UUID in the accepted form. */
export function canonicalUuid(value: unknown): string | null {
  return typeof value === 'string' && CANONICAL.test(value) ? value.toLowerCase() : null;
}
