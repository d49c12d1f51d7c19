import { isScalarType } from 'graphql';

/** True when graphql-js runs its development checks, i.e. it was loaded without
 * NODE_ENV=production. Its `instanceOf` then inspects every value that is not an instance of the
 * expected class, and throws for one that merely claims to be ("from another module or realm");
 * in production it answers false. */
export function graphqlDevelopmentChecks(): boolean {
  try {
    isScalarType({ [Symbol.toStringTag]: 'GraphQLScalarType' });
    return false;
  } catch {
    return true;
  }
}
