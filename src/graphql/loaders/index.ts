import type { GraphQLResolveInfo } from 'graphql';
import type { Actor } from '../../domain/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { createBatchWaves } from './batch-waves.ts';
import { datasetGrantsLoader, datasetShareLoader, tenantDatasetsLoader } from './datasets.loaders.ts';
import { memberRolesLoader, roleMemberCountLoader, roleMembersLoader, tenantRolesLoader } from './roles.loaders.ts';
import { memberCountsLoader, memberHoldingsLoader, memberPagesLoader, tenantAccessLoader, viewerMembershipsLoader } from './tenancy.loaders.ts';

/** DataLoaders for one request and one actor: they batch the reads of a whole response into
 * one statement per kind and memoize the answers, and die with the request. Each is built on
 * first use (most requests touch none). Fields and rules reach them through loadersFor(). */
export function createLoaders(db: Tx, actor: Actor | null) {
  const actorId = () => {
    // Shield refuses anonymous callers before any field that batches; this fails closed.
    if (!actor) throw new UnauthenticatedError();
    return actor.userId;
  };
  const waves = createBatchWaves();
  const made = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name) as T;
  };
  const loaders = {
    /** A read outside the loaders that later loads follow (see BatchWaves.track). */
    track: waves.track,
    get tenantAccess() {
      return once('tenantAccess', () => tenantAccessLoader(db, waves, actorId()));
    },
    get viewerMemberships() {
      return once('viewerMemberships', () => viewerMembershipsLoader(db, waves, actorId(), () => loaders.tenantAccess));
    },
    get memberPages() {
      return once('memberPages', () => memberPagesLoader(db, waves));
    },
    get memberCounts() {
      return once('memberCounts', () => memberCountsLoader(db, waves));
    },
    get memberHoldings() {
      return once('memberHoldings', () => memberHoldingsLoader(db, waves));
    },
    get memberRoles() {
      return once('memberRoles', () => memberRolesLoader(db, waves));
    },
    get tenantRoles() {
      return once('tenantRoles', () => tenantRolesLoader(db, waves));
    },
    get roleMembers() {
      return once('roleMembers', () => roleMembersLoader(db, waves));
    },
    get roleMemberCount() {
      return once('roleMemberCount', () => roleMemberCountLoader(db, waves));
    },
    get datasetShare() {
      return once('datasetShare', () => datasetShareLoader(db, waves, actorId()));
    },
    get tenantDatasets() {
      return once('tenantDatasets', () => tenantDatasetsLoader(db, waves, actorId(), () => loaders.datasetShare));
    },
    get datasetGrants() {
      return once('datasetGrants', () => datasetGrantsLoader(db, waves));
    },
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;

interface LoaderHost {
  db: Tx;
  actor: Actor | null;
  loaders: Loaders;
}

const perMutationField = new WeakMap<LoaderHost, Map<string | number, Loaders>>();

/** The loaders a field or rule reads through. In a query: the request's (ctx.loaders), shared
 * by every field. In a mutation: one set per root field, because root mutations run one after
 * the other and each payload must be answered after ITS write, not from what was cached while
 * resolving an earlier one (after `a: addUserToTenant … b: removeUserFromTenant(self)`, b's
 * tenant must not be shown from a's "is a member" answer). */
export function loadersFor(ctx: LoaderHost, info: GraphQLResolveInfo): Loaders {
  if (info.operation.operation !== 'mutation') return ctx.loaders;
  let root = info.path;
  while (root.prev) root = root.prev;
  let sets = perMutationField.get(ctx);
  if (!sets) perMutationField.set(ctx, (sets = new Map()));
  let loaders = sets.get(root.key);
  if (!loaders) sets.set(root.key, (loaders = createLoaders(ctx.db, ctx.actor)));
  return loaders;
}
