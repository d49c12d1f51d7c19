import type { ApolloServerPlugin } from '@apollo/server';

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Strips graphql-js's "Did you mean …?" hints from every error a client sees, so a production
 * schema cannot be mapped out by probing with misspelt names. Apollo's
 * `hideSchemaDetailsFromClientErrors` covers validation errors only; variable coercion
 * ("Value "X" does not exist in "Enum" enum. Did you mean the enum value "Y"?") and input
 * object errors happen later and come through here. */
export const hideSuggestions: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (error.message.includes('Did you mean')) error.message = error.message.replace(SUGGESTION, '');
        }
      },
    };
  },
};
