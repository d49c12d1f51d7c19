import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { NoSchemaIntrospectionCustomRule, type GraphQLSchema } from 'graphql';
import type { Config } from '../config.ts';
import { operationLogPlugin } from '../observability/request-log.ts';
import { documentLimits } from '../security/armor.ts';
import { hideSuggestions } from '../security/suggestions.ts';
import type { Context } from './context.ts';
import { formatError } from './errors.ts';
import { authenticationGate } from './plugins/authentication-gate.ts';
import { errorLogging } from './plugins/error-logging.ts';
import { hostileTextGate } from './plugins/hostile-text-gate.ts';
import { ideOffPage } from './plugins/ide-off-page.ts';
import { serviceUnavailableStatus } from './plugins/service-unavailable-status.ts';

/** The one Apollo server both doors execute through. Introspection, Sandbox, stack traces and
 * "Did you mean …" suggestions follow the configured mode, never an unset NODE_ENV; document
 * limits (depth, cost, aliases, directives, tokens) apply in every mode. */
export function createApollo(schema: GraphQLSchema, config: Pick<Config, 'mode' | 'graphqlLimits'>, extraPlugins: ApolloServer<Context>['internals']['plugins'] = []) {
  const development = config.mode !== 'production';
  const limits = documentLimits(config.graphqlLimits);
  return new ApolloServer<Context>({
    schema,
    // Production refuses __schema and __type through graphql-js's own rule, whose message says
    // that introspection is disabled; Apollo's (introspection: false) tells the client how to
    // configure Apollo Server.
    introspection: true,
    // Production: no schema hints in errors (validation messages lose their suggestions here,
    // variable and input errors in hideSuggestions).
    hideSchemaDetailsFromClientErrors: !development,
    validationRules: development ? limits.validationRules : [...limits.validationRules, NoSchemaIntrospectionCustomRule],
    parseOptions: limits.parseOptions,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // main.ts owns shutdown (drain HTTP, close the pool, stop the embedded database); Apollo's
    // own signal handlers would re-raise the signal and kill the process halfway.
    stopOnTerminationSignals: false,
    formatError,
    plugins: [
      authenticationGate,
      hostileTextGate,
      errorLogging,
      operationLogPlugin,
      serviceUnavailableStatus,
      development ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ideOffPage,
      ...(development ? [] : [hideSuggestions]),
      // No cache hints are used; the default cache-control plugin would still wrap every field
      // resolver of every response to compute a policy nobody reads (a member list pays per row).
      ApolloServerPluginCacheControlDisabled(),
      ...extraPlugins,
    ],
  });
}
