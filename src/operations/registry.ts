import { allow } from 'graphql-shield';
import type { ShieldRule } from './operation.ts';
import { isAuthenticated } from '../graphql/permissions/account.rules.ts';
import { may } from '../graphql/permissions/tenant.rules.ts';
import type { LegacyRoute } from '../rest/legacy-route.ts';
import { OPERATIONS } from './index.ts';
import type { Operation } from './operation.ts';

/** The registry: every operation module (src/operations/index.ts, generated), and the maps the
 * transports read, derived from them. */
export const operations: readonly Operation[] = OPERATIONS;

/** What shield accepts as one field's rule. */
type FieldRule = ShieldRule;

function ruleOf(operation: Operation): FieldRule {
  const { guard } = operation;
  if ('public' in guard) return allow;
  if ('rule' in guard) return guard.rule;
  if (guard.underLock) return isAuthenticated;
  return may(guard.action, guard.tenant);
}

/** Shield's rules for every operation's field, and `allow` for the types their answers open. */
export function operationRules(): Record<string, FieldRule | Record<string, FieldRule>> {
  const rules: Record<string, FieldRule | Record<string, FieldRule>> = {};
  for (const operation of operations) {
    const fields = (rules[operation.on] ??= {}) as Record<string, FieldRule>;
    if (fields[operation.field]) throw new Error(`two operations declare ${operation.on}.${operation.field}`);
    fields[operation.field] = ruleOf(operation);
    for (const type of operation.opens ?? []) rules[type] = allow;
  }
  return rules;
}

/** Root fields anyone may call: shield allows them to anonymous callers, and the
 * authentication gate (GraphQL plugin and legacy door) lets exactly these through. */
export const PUBLIC_ROOT_FIELDS: Readonly<Record<'Query' | 'Mutation', readonly string[]>> = {
  Query: publicFieldsOf('Query'),
  Mutation: publicFieldsOf('Mutation'),
};

function publicFieldsOf(root: 'Query' | 'Mutation'): string[] {
  return operations.filter((operation) => operation.on === root && 'public' in operation.guard).map((operation) => operation.field);
}

/** Mutations that refuse an Idempotency-Key, and why. */
const KEY_REFUSALS: Readonly<Record<string, string>> = Object.fromEntries(
  operations.filter((operation) => operation.refusesIdempotencyKey).map((operation) => [operation.field, operation.refusesIdempotencyKey!]),
);

/** The message for the first root field in `fields` that refuses a key, if any. */
export function keyRefusal(fields: readonly string[]): string | undefined {
  const field = fields.find((name) => Object.hasOwn(KEY_REFUSALS, name));
  return field && `Idempotency-Key is not accepted on ${field}: ${KEY_REFUSALS[field]}`;
}

/** Every legacy route the service answers, in the order of the modules. */
export const LEGACY_ROUTES: readonly LegacyRoute[] = operations.flatMap((operation) => operation.routes ?? []);

/** The resolver classes that declare the operations' fields. */
export const OPERATION_RESOLVERS: readonly Function[] = [...new Set(operations.flatMap((operation) => (operation.resolver ? [operation.resolver] : [])))];

/** The root fields, as the metrics label them (each starts at zero, so a dashboard sees every
 * operation before its first call). */
export const ROOT_FIELDS: readonly { type: 'query' | 'mutation'; field: string }[] = operations
  .filter((operation) => operation.on === 'Query' || operation.on === 'Mutation')
  .map((operation) => ({ type: operation.on === 'Query' ? 'query' : 'mutation', field: operation.field }));
