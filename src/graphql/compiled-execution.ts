import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, getVariableValues, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];
type SchemaListener = Parameters<Gateway['onSchemaLoadOrUpdate']>[0];

/** graphql-js's bound on variable errors reported at once (its `execute` uses the same). */
const MAX_VARIABLE_ERRORS = 50;

/** Executes through graphql-jit: each operation is compiled to a function once and then run for
 * every request that sends the same document. Apollo Server 5 takes no executor option; its
 * gateway interface (load() answering an executor) is where one goes. Apollo still parses,
 * validates and caches the document, runs every plugin hook and formats the errors.
 *
 * The compiled query is keyed by the operation node of the document Apollo hands over: Apollo's
 * document store answers the same DocumentNode for the same query text, and the node names the
 * operation chosen in it. A WeakMap: a document Apollo drops takes its compiled query with it.
 *
 * Variables are coerced by graphql-js first: its messages (and Apollo's 400 for them, which
 * recognises them by their wording) are what clients read; graphql-jit words some differently.
 * A document graphql-jit cannot compile, or without the operation asked for, runs through
 * graphql-js's `execute`. */
export function compiledExecutionGateway(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<OperationDefinitionNode, CompiledQuery | null>();
  const listeners = new Set<SchemaListener>();

  function compiledFor(operation: OperationDefinitionNode, document: DocumentNode): CompiledQuery | null {
    let query = compiled.get(operation);
    if (query === undefined) {
      const result = compileQuery<Record<string, any>>(schema, document, operation.name?.value, { disablingCapturingStackErrors: true });
      query = isCompiledQuery(result) ? result : null;
      compiled.set(operation, query);
    }
    return query;
  }

  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      // The schema never changes while the server runs: announced once, as Apollo starts.
      const coreSupergraphSdl = printSchema(schema);
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl });
      return {
        async executor({ document, operation, request, context }) {
          // No operation: the document has several and the request named none, or none by that
          // name; graphql-js's execute answers that as Apollo expects.
          const query = operation ? compiledFor(operation, document) : null;
          if (!query) return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: MAX_VARIABLE_ERRORS });
          if (variables.errors) return { errors: variables.errors };
          const result = (await query.query(undefined, context, request.variables ?? {})) as ExecutionResult;
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
        },
      };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/** graphql-jit's field errors imitate GraphQLError but leave `extensions` undefined when the
 * thrown error has none; Apollo reads `extensions.code` of every error, and its formatting would
 * then fail into a bare INTERNAL_SERVER_ERROR without a path. Rebuilt as graphql-js builds a
 * located error: the thrown error underneath, its extensions, the path and the locations. */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}
