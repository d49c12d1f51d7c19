import { GraphQLError } from 'graphql';
import { middleware } from 'graphql-middleware';
import { allow, deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { DomainError, ForbiddenError } from '../../domain/errors.ts';
import { isViewerSelf } from './account.rules.ts';
import { operationRules } from '../../operations/registry.ts';
import { may, parentTenant } from './tenant.rules.ts';

/** Seeing a tenant's insides (members, roles, datasets): a Tenant is also reached from mutation
 * payloads, e.g. by a manager who has just removed themselves. */
const mayViewParentTenant = may('tenant:view', parentTenant('id'));

/** The rules of the types' own fields, by resource. Every operation's rule, and the types its
 * answer opens, come from its module (src/operations/) and are merged in below: together the one
 * source of truth for who may call what. Unlisted fields are denied (fallbackRule: deny). In a
 * type's field map, '*' is the rule for the fields not named. */
const typeRules: IRules = {
  // Accounts. The plain columns are open; what names or lists a user's tenants is the user's alone.
  User: { '*': allow, memberships: isViewerSelf, activeTenant: isViewerSelf, activeTenantId: isViewerSelf },

  // Tenants. Name, owner, dates are open wherever a Tenant is returned; its insides need
  // membership. viewerCanManageUsers is about the caller, so it answers (false) for anyone.
  Tenant: {
    '*': allow,
    datasets: mayViewParentTenant,
  },

  // Roles
  Role: { '*': allow, memberCount: may('tenant:view', parentTenant('tenantId')), members: may('tenant:view', parentTenant('tenantId')) },

  // Datasets: grants is an operation's field (src/operations/datasets/list-dataset-grants.ts).
  Dataset: { '*': allow },
};

/** The hand-written type rules, with every operation's rule and opened types (src/operations/)
 * merged in: a type's field map gains the operations' fields. */
const rules: IRules = mergeRules(typeRules as Record<string, any>, operationRules());

function mergeRules(hand: Record<string, any>, derived: Record<string, any>): IRules {
  const merged: Record<string, any> = { ...hand };
  for (const [type, rule] of Object.entries(derived)) {
    const own = merged[type];
    if (own === undefined) merged[type] = rule;
    else if (Object.getPrototypeOf(own) === Object.prototype && Object.getPrototypeOf(rule) === Object.prototype) {
      for (const field of Object.keys(rule)) if (field in own) throw new Error(`${type}.${field} has a rule in shield.ts and in an operation`);
      merged[type] = { ...own, ...rule };
    } else throw new Error(`${type}: a rule in shield.ts and in an operation`);
  }
  return merged;
}

const shielded = shield(rules, {
  fallbackRule: deny,
  allowExternalErrors: false,
  // Called with null for a denial, or with what a rule or resolver threw. Typed errors pass
  // through; anything else is passed on for formatError to log and mask.
  fallbackError: (thrown: unknown) => {
    if (thrown === null || thrown === undefined) return new ForbiddenError('You are not allowed to do this');
    if (thrown instanceof DomainError || thrown instanceof GraphQLError || thrown instanceof Error) return thrown;
    return new Error(String(thrown));
  },
});

/** The rule of one field, as shield finds it: the type's rule when the type has one for all its
 * fields; in a field map, the field's own, else '*'; else fallbackRule (deny). */
function ruleOf(typeName: string, fieldName: string): unknown {
  const typeRules = (rules as Record<string, object | undefined>)[typeName];
  if (typeRules === undefined) return deny;
  if (Object.getPrototypeOf(typeRules) !== Object.prototype) return typeRules;
  const fieldRules = typeRules as Record<string, object | undefined>;
  return fieldRules[fieldName] ?? fieldRules['*'] ?? deny;
}

/** The shield middleware without the fields whose rule is `allow`: shield would wrap each in an
 * async function whose rule can only say yes, a promise per scalar per row of a list. An `allow`
 * field resolves as it would without shield; every other field keeps its rule, and unlisted
 * ones fall back to deny. */
export const permissions = middleware((schema) => {
  const generated = shielded.generate(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, fields] of Object.entries(generated)) {
    for (const fieldName of Object.keys(fields)) if (ruleOf(typeName, fieldName) === allow) delete fields[fieldName];
  }
  return generated;
});
