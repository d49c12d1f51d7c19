import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';
import { isUnexpected, originalError } from '../errors.ts';

/** Logs every error the client will see masked, with the request id that the 500 carries. */
export const errorLogging: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (isUnexpected(error)) {
            contextValue.log.error({ err: originalError(error), requestId: contextValue.requestId, path: error.path }, 'unexpected error');
          }
        }
      },
    };
  },
};
