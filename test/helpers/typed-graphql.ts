import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import type { Auth, HttpClient } from './http.ts';

/** A GraphQL answer typed by the generated document it answers. */
export interface OperationResult<TData> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

type Options<TVariables> = { auth?: Auth } & ({} extends TVariables ? { variables?: TVariables } : { variables: TVariables });
/** Options may be left out only when the operation has no required variables. */
type OptionsArg<TVariables> = {} extends TVariables ? [options?: Options<TVariables>] : [options: Options<TVariables>];

const printed = new WeakMap<object, string>();

/** Sends a generated TypedDocumentNode (test/generated/graphql.ts) over real HTTP to /graphql;
 * variables and the answer are typed by the document. */
export async function sendOperation<TData, TVariables>(
  http: HttpClient,
  document: TypedDocumentNode<TData, TVariables>,
  ...[options]: OptionsArg<TVariables>
): Promise<OperationResult<TData>> {
  let query = printed.get(document);
  if (query === undefined) printed.set(document, (query = print(document)));
  const variables = (options?.variables ?? {}) as Record<string, unknown>;
  const response = await http.graphql<TData>(query, variables, options?.auth);
  return { status: response.status, data: response.body?.data, errors: response.body?.errors };
}

/** Like sendOperation, but returns `data` and fails (showing the errors) unless the operation
 * succeeded: for the steps of a test that are arrangement, not the behaviour under test. */
export async function operationData<TData, TVariables>(
  http: HttpClient,
  document: TypedDocumentNode<TData, TVariables>,
  ...args: OptionsArg<TVariables>
): Promise<TData> {
  const result = await sendOperation(http, document, ...args);
  if (result.errors?.length || result.data == null) {
    throw new Error(`${operationName(document)} failed (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}

function operationName(document: DocumentNode): string {
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  return operation && 'name' in operation && operation.name ? operation.name.value : 'operation';
}
