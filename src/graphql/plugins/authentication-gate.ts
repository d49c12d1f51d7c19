import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.ts';
import { requiresAuthentication } from '../permissions/public-operations.ts';

/** Refuses an anonymous caller before variables are coerced, so "who are you" is answered
 * before "your ids are malformed" (docs/CONTRACT.md §3, checks 1 then 2). Shield's isAuthenticated
 * still guards every field; this only fixes the order. */
export const authenticationGate: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        // No subscriptions in this schema: say so plainly instead of failing inside execution.
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are not supported', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
        if (!contextValue.actor && (!operation || requiresAuthentication(operation))) {
          throw new GraphQLError('Unauthorized', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
      },
    };
  },
};
