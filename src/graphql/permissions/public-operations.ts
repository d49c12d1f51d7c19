import { Kind, type OperationDefinitionNode } from 'graphql';

/** Root fields anyone may call. The single list: shield allows exactly these to anonymous
 * callers, and the authentication gate (GraphQL plugin and REST door) lets exactly these through. */
export const PUBLIC_ROOT_FIELDS: Readonly<Record<'Query' | 'Mutation', readonly string[]>> = {
  Query: ['setupStatus'],
  Mutation: ['register', 'login', 'logout'],
};

const ALWAYS_PUBLIC = new Set(['__typename', '__schema', '__type']);

/** True when the operation selects any root field that needs a caller. Fragments at the root
 * count as needing one: we cannot cheaply prove them public, so we fail closed. */
export function requiresAuthentication(operation: OperationDefinitionNode): boolean {
  const root = operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'query' ? 'Query' : null;
  if (!root) return true;
  const open = PUBLIC_ROOT_FIELDS[root];
  return operation.selectionSet.selections.some(
    (selection) => selection.kind !== Kind.FIELD || !(ALWAYS_PUBLIC.has(selection.name.value) || open.includes(selection.name.value)),
  );
}
