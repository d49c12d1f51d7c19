import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver, UUIDResolver } from 'graphql-scalars';
import { canonicalUuid } from '../domain/uuid.ts';

const NOT_A_UUID = 'UUID must be 32 hexadecimal digits in the 8-4-4-4-12 form';

function refuse(): never {
  throw new GraphQLError(NOT_A_UUID, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** UUID for every id, by the one rule of src/domain/uuid.ts: the canonical form in any case,
 * handed to resolvers in lower case; anything else (braces, no hyphens, whitespace, a non-string)
 * is refused while variables are coerced or literals validated, before any resolver, with a
 * message that does not echo the value. graphql-scalars' name and description are kept. */
export const UUID = new GraphQLScalarType({
  ...UUIDResolver.toConfig(),
  serialize: (value: unknown) => canonicalUuid(value) ?? refuse(),
  parseValue: (value: unknown) => canonicalUuid(value) ?? refuse(),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? canonicalUuid(ast.value) : null) ?? refuse(),
});
export const DateTimeISO = DateTimeISOResolver;
