import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { GraphQLLimits } from '../config.ts';

/** What Apollo needs to refuse oversized documents before anything executes. */
export interface DocumentLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
}

/** graphql-armor's depth, cost, alias and directive limits as validation rules (each failure is a
 * GRAPHQL_VALIDATION_FAILED error with HTTP 400), and the token limit as graphql-js's own
 * `maxTokens` parse option (GRAPHQL_PARSE_FAILED, 400).
 *
 * Why not armor's token plugin: under Apollo 5 it throws from `parsingDidStart`, outside Apollo's
 * parse try/catch, so an over-long document became a 500. graphql-js counts the same lexer tokens.
 * Why not armor's field-suggestion plugin: Apollo's `hideSchemaDetailsFromClientErrors` and our
 * own plugin (src/security/suggestions.ts) remove the suggestion from every message instead of
 * masking only the quoted-field form.
 *
 * Validation runs once per distinct document (Apollo caches validated documents), so these rules
 * cost nothing on the hot path of a repeated operation. Introspection (`__schema`) is exempt, which
 * is why introspection must be off in production (it is: src/graphql/apollo.ts). */
export function documentLimits(limits: GraphQLLimits): DocumentLimits {
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
