import type { and } from 'graphql-shield';

/** What shield accepts as one field's rule (the package does not export the type by name). */
export type ShieldRule = Parameters<typeof and>[number];
import type { TenantAction } from '../domain/tenancy/tenant-actions.ts';
import type { TenantLocator } from '../graphql/permissions/tenant.rules.ts';
import type { LegacyRoute } from '../rest/legacy-route.ts';

/** One operation of the gateway, declared in one module (src/operations/<area>/<verb>-<thing>.ts):
 * its GraphQL field (the resolver class beside it), what guards it, its audit action, its
 * legacy routes, its Idempotency-Key policy and the authorization examples the matrix runs.
 * Every map that used to be written by hand (shield's rule map, the route table and OpenAPI,
 * the audit actions and labels, the key table, the metrics' field labels, the matrix's list of
 * operations) is derived from the registry of these (src/operations/registry.ts). */
export interface Operation {
  /** The type the field belongs to: a root (`Query`, `Mutation`) or an object type whose field is
   * the operation (e.g. `Tenant.members`, which a legacy list route reads). */
  on: 'Query' | 'Mutation' | (string & {});
  field: string;
  /** The type-graphql class that declares the field (absent when another class does, e.g. a
   * field of a type whose resolver serves several). */
  resolver?: Function;
  guard: Guard;
  /** The audit action its use-case writes, with its label (what the console shows). */
  audit?: AuditDeclaration;
  /** Mutations run once per Idempotency-Key unless this says why they refuse one. */
  refusesIdempotencyKey?: string;
  /** Object types only this operation's answer reaches, opened to whoever passed the guard. */
  opens?: readonly string[];
  /** The legacy REST routes that run this operation. */
  routes?: readonly LegacyRoute[];
  /** Who may call it, as cases of the authorization matrix (test/authorization/). */
  examples: readonly AuthorizationExample[];
}

/** What guards an operation: a typed tenant action in the tenant the locator finds; a rule of
 * its own; or nothing (anyone, anonymous included).
 *
 * `underLock`: the use-case itself decides the action under the tenant's row lock, with the same
 * policy and the same refusals in the same order (404 tenant, then 403), before it changes
 * anything. Shield then asks only for a signed-in caller, and the request saves the read it
 * would have made before the lock. */
export type Guard = { action: TenantAction; tenant: TenantLocator; underLock?: true } | { rule: ShieldRule } | { public: true };

export interface AuditDeclaration {
  action: string;
  label: string;
  /** False for a user's own action (no tenant, or a choice of tenant that changes nothing in it):
   * recorded in the trail, not numbered in a tenant's event stream. */
  tenantEvent?: boolean;
}

/** Everyone the matrix asks about (its world builds each of them). */
export type Caller = 'owner' | 'manager' | 'member' | 'outsider' | 'foreignManager' | 'removedUser' | 'revokedKey' | 'inactiveUser' | 'anonymous';

/** One row of the authorization matrix. Values written `@name` are the ids of objects of the
 * matrix's world: @tenant (its @owner, a manager, members @member, @target, @holder of @role,
 * @dataset shared with @member and @holder), @foreign (another tenant @member also works in),
 * @newcomer (in no tenant), @removalEvent (the removal of a manager), @ownerKey (an API key of
 * the owner's). `@name.email` is a user's email. */
export interface AuthorizationExample {
  /** Distinguishes the rows of one operation (e.g. `dry run`). */
  name?: string;
  /** The root field's arguments; for an object type's field, also that field's own, which
   * `select` passes on as `$name`. */
  args: Readonly<Record<string, unknown>>;
  /** The answer's selection; `__typename` by default. */
  select?: string;
  /** An object type's field with arguments of its own (Tenant.role(id:)): the matrix calls the
   * field with these, under the root field that reaches the type, and `select` is then the
   * selection of the field's answer. */
  fieldArgs?: Readonly<Record<string, unknown>>;
  /** The same request through a legacy route (`routes[route ?? 0]`). */
  rest?: { route?: number; path?: Readonly<Record<string, string>>; query?: Readonly<Record<string, string>>; body?: unknown };
  /** Whether an allowed call changes what is stored. */
  writes: boolean;
  allowed: readonly Caller[];
  /** Refusals other than FORBIDDEN for particular callers. */
  special?: Partial<Record<Caller, 'BAD_USER_INPUT' | 'NOT_FOUND'>>;
}

export const MANAGERS: readonly Caller[] = ['owner', 'manager'];
export const MEMBERS: readonly Caller[] = ['owner', 'manager', 'member'];
/** Every caller with a working credential. */
export const SIGNED_IN: readonly Caller[] = ['owner', 'manager', 'member', 'outsider', 'foreignManager', 'removedUser'];
/** Every caller, refused credentials and none included: a public operation's. */
export const EVERYONE: readonly Caller[] = [...SIGNED_IN, 'revokedKey', 'inactiveUser', 'anonymous'];

/** Keeps a module's declaration checked against the interface. */
export function defineOperation(operation: Operation): Operation {
  return operation;
}
