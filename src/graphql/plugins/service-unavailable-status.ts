import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

/** The database failed while fields were executing: Apollo answers such field errors with HTTP
 * 200, so clients and proxies that retry on 503 or on Retry-After would not retry. Any response
 * carrying SERVICE_UNAVAILABLE becomes 503 with the Retry-After the REST door sends for the same
 * error (extensions.retryAfter, set by formatError). Failures before execution (authenticating
 * the caller, counting rate limits) already carry their 503 in extensions.http. */
export const serviceUnavailableStatus: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
        const retryAfter = retryAfterOf(errors);
        if (retryAfter === undefined) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};

/** The longest Retry-After among the SERVICE_UNAVAILABLE errors, or undefined when there is none. */
function retryAfterOf(errors: readonly GraphQLFormattedError[] | undefined): number | undefined {
  let longest: number | undefined;
  for (const error of errors ?? []) {
    if (error.extensions?.code !== 'SERVICE_UNAVAILABLE') continue;
    const given = error.extensions.retryAfter;
    const seconds = typeof given === 'number' ? given : new ServiceUnavailableError().retryAfterSeconds;
    longest = Math.max(longest ?? 0, seconds);
  }
  return longest;
}
