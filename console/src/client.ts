import { Client, cacheExchange, fetchExchange } from 'urql';

/** The console's one GraphQL client. It carries no token: the browser sends the httpOnly session
 * cookie (set by `login(…, setSessionCookie: true)`) with every same-origin POST to /graphql, where
 * Apollo's CSRF prevention holds (a JSON content type forces a preflight cross-site). */
export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  // POST only: a GET query would be a "simple" request, which CSRF prevention refuses.
  preferGetMethod: false,
  fetchOptions: { credentials: 'same-origin' },
  requestPolicy: 'cache-and-network',
});
