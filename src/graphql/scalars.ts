import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver, UUIDResolver } from 'graphql-scalars';
import { canonicalUuid } from '../domain/uuid.ts';

function refuse(value: unknown): never {
  const message = typeof value === 'string' ? 'UUID must be 32 hexadecimal digits in the 8-4-4-4-12 form' : 'UUID cannot represent a non-string value';
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** UUID for every id, by the one rule of src/domain/uuid.ts: the canonical form in any case,
 * handed to resolvers in lower case; anything else (braces, no hyphens, whitespace, a non-string)
 * is refused while variables are coerced or literals validated, before any resolver, with a
 * message that does not echo the value. graphql-scalars' name and description are kept. */
export const UUID = new GraphQLScalarType({
  ...UUIDResolver.toConfig(),
  serialize: (value: unknown) => canonicalUuid(value) ?? refuse(value),
  parseValue: (value: unknown) => canonicalUuid(value) ?? refuse(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? canonicalUuid(ast.value) ?? refuse(ast.value) : refuse(null)),
});
export const DateTimeISO = DateTimeISOResolver;
