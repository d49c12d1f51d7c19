import { Kind, type OperationDefinitionNode } from 'graphql';
import { PUBLIC_ROOT_FIELDS } from '../../operations/registry.ts';


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
