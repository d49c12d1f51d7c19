import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print, type DocumentNode } from 'graphql';
import type { Auth, HttpClient } from './http.ts';

// The one GraphQL client of the tests. Documents come from test/operations/*.graphql through
// codegen (test/generated/graphql.ts); `untyped` wraps the few ad-hoc documents a test builds
// on purpose (a selection under test, a malformed variable), so they travel the same way.

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

/** A document written inline by a test (the shape under test is the selection itself): sent by
 * the same client, its data untyped. */
export function untyped(source: string): TypedDocumentNode<any, any> {
  return parse(source) as TypedDocumentNode<any, any>;
}

/** The value of the operation's single root field. */
type RootValue<TData> = TData extends Record<string, infer V> ? V : never;

/** An answer reduced to what refusal tests assert on: the root field's value, or the first
 * error's code, reason and message. */
export interface Answer<T = any> {
  status: number;
  data: T | undefined;
  code?: string;
  reason?: string;
  message?: string;
  errors?: OperationResult<unknown>['errors'];
}

/** Sends one operation and reduces the answer. Variables are deliberately loose: refusal tests
 * send values the schema's types would not allow. Throws on an HTTP failure without a GraphQL
 * body (that is never an answer under test). */
export async function call<TData, TVariables>(http: HttpClient, document: TypedDocumentNode<TData, TVariables>, variables: Record<string, unknown>, auth: Auth | undefined): Promise<Answer<RootValue<TData>>> {
  const result = await sendOperation(http, document as TypedDocumentNode<TData, Record<string, unknown>>, { variables, auth });
  if (result.status !== 200 && !result.errors) throw new Error(`HTTP ${result.status}: ${JSON.stringify(result)}`);
  const error = result.errors?.[0];
  const data = result.data ? (Object.values(result.data)[0] as RootValue<TData>) : undefined;
  return { status: result.status, data: data ?? undefined, code: error?.extensions?.code, reason: error?.extensions?.reason, message: error?.message, errors: result.errors };
}

/** Like call, but returns the root field's value and fails unless the operation succeeded (for
 * arrangement steps). */
export async function succeed<TData, TVariables>(http: HttpClient, document: TypedDocumentNode<TData, TVariables>, variables: Record<string, unknown>, auth: Auth | undefined): Promise<RootValue<TData>> {
  const answer = await call(http, document, variables, auth);
  if (answer.errors?.length || answer.data === undefined) throw new Error(`${operationName(document)} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}
