import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver, UUIDResolver } from 'graphql-scalars';

/** UUID for every id: malformed ids are refused while variables are coerced, before any resolver.
 * graphql-scalars' own check puts the value into its message with String(value), which recurses
 * without bound on a deeply nested array (a RangeError, masked as an internal error): anything
 * that is not a string is refused here first, with a message that does not echo it. */
export const UUID = new GraphQLScalarType({
  ...UUIDResolver.toConfig(),
  parseValue(value: unknown) {
    if (typeof value !== 'string') throw new GraphQLError('UUID cannot represent a non-string value', { extensions: { code: 'BAD_USER_INPUT' } });
    return UUIDResolver.parseValue(value);
  },
});
export const DateTimeISO = DateTimeISOResolver;

/** The same check the UUID scalar applies, for transports that parse ids themselves (REST). */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    UUID.parseValue(value);
    return true;
  } catch {
    return false;
  }
}
