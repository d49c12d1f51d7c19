import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import type { FieldIssue } from '../../domain/errors.ts';
import { findHostileText, isHostileText } from '../../domain/hostile-text.ts';
import type { Context } from '../context.ts';
import { requiresAuthentication } from '../permissions/public-operations.ts';

/** The GraphQL door of the text gate (src/domain/hostile-text.ts): refuses U+0000 and unpaired
 * surrogates in the variables and in the document's string literals (a `\u0000` escape only
 * becomes a NUL once parsed) with BAD_USER_INPUT, after the document is validated and before
 * variables are coerced or any resolver runs. */
export const hostileTextGate: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, operation, contextValue }) {
        // An anonymous caller of a members-only operation hears 401 first (authentication-gate.ts).
        if (!contextValue.actor && (!operation || requiresAuthentication(operation))) return;
        const found = findHostileText(request.variables ?? {}, ['variables']) ?? hostileLiteral(document);
        if (found) throw new GraphQLError(found.msg, { extensions: { code: 'BAD_USER_INPUT', issues: [found], http: { status: 400 } } });
      },
    };
  },
};

/** The first string literal holding hostile text, located by the argument and input-field names
 * that lead to it. */
function hostileLiteral(document: DocumentNode): FieldIssue | null {
  let found: FieldIssue | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (!isHostileText(node.value)) return undefined;
      const names = ([...ancestors, parent].filter((a) => a && !Array.isArray(a)) as ASTNode[]).flatMap((a) => (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD ? [a.name.value] : []));
      found = findHostileText(node.value, ['query', ...names]);
      return BREAK;
    },
  });
  return found;
}
