import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FieldNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { DomainError } from '../../domain/errors.ts';
import type { Attempt, RateLimiter } from '../../security/rate-limiter.ts';
import type { Context } from '../context.ts';
import { withHttpStatus } from '../errors.ts';
import { requiresAuthentication } from '../permissions/public-operations.ts';

/** Rate limits for every mutation, in the one place both doors pass: /graphql requests and the
 * legacy REST routes (which run their fixed operation through `apollo.executeOperation` with the
 * same context). Runs once the operation is known and before anything executes; queries are not
 * counted. Over a limit: RATE_LIMITED (REST 429, /graphql HTTP 429), both with Retry-After. */
export function rateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      /** The login fields of this operation: the key of each in `data`, and its email. */
      const logins: { responseKey: string; email: string }[] = [];
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          // An anonymous caller of a members-only mutation gets 401 from the authentication gate:
          // "who are you" answers before "too many".
          if (!contextValue.actor && requiresAuthentication(operation)) return;
          const attempt = { userId: contextValue.actor?.userId ?? null, ip: contextValue.ip, mutations: 0, logins: [] as string[], registrations: 0, apiKeyCreations: 0 } satisfies Attempt;
          for (const field of rootFields(operation.selectionSet, document)) {
            attempt.mutations += 1;
            if (field.name.value === 'login') {
              const email = stringArgument(field, 'email', request.variables) ?? '';
              attempt.logins.push(email);
              logins.push({ responseKey: field.alias?.value ?? field.name.value, email });
            }
            else if (field.name.value === 'register') attempt.registrations += 1;
            else if (field.name.value === 'createApiKey') attempt.apiKeyCreations += 1;
          }
          try {
            await limiter.check(attempt);
          } catch (error) {
            logins.length = 0; // refused: nothing ran, nothing to give back
            throw error instanceof DomainError ? withHttpStatus(error) : error;
          }
        },
        // Only failed logins keep counting: a login that answered a token gives its count back.
        async willSendResponse({ response, contextValue }) {
          if (logins.length === 0 || response.body.kind !== 'single') return;
          const data = response.body.singleResult.data as Record<string, unknown> | null | undefined;
          for (const login of logins) {
            if (data?.[login.responseKey] != null) await limiter.loginSucceeded(contextValue.ip, login.email);
          }
        },
      };
    },
  };
}

/** The root fields an operation selects, through inline fragments and fragment spreads. */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) fields.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...rootFields(selection.selectionSet, document, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) fields.push(...rootFields(fragment.selectionSet, document, seen));
    }
  }
  return fields;
}

/** A string argument as the caller sent it (literal or variable); variables are not coerced yet. */
function stringArgument(field: FieldNode, name: string, variables: Record<string, unknown> | undefined): string | undefined {
  const value: ValueNode | undefined = field.arguments?.find((arg) => arg.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.STRING) return value.value;
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    return typeof given === 'string' ? given : undefined;
  }
  return undefined;
}
