import { rule } from 'graphql-shield';
import { datasetDenial, readDatasetAccess } from '../../domain/datasets/dataset-policy.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

// Rules about datasets and their grants (see account.rules.ts for how rules work).

/** `share` on every dataset in `args.datasetIds`. */
export const canShareDatasets = rule({ cache: 'no_cache' })(async (_parent, args: { datasetIds: string[] }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const ids = [...new Set(args.datasetIds)];
  return datasetDenial(await readDatasetAccess(ctx.db, ctx.actor.userId, ids, 'share'), ids, 'share') ?? true;
});

/** `read` on the dataset `args.id`. */
export const canReadDataset = rule({ cache: 'no_cache' })(async (_parent, args: { id: string }, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  // Tracked: the dataset's fields load in the request's next wave (loaders/batch-waves.ts).
  const access = await loadersFor(ctx, info).track(readDatasetAccess(ctx.db, ctx.actor.userId, [args.id], 'read'));
  return datasetDenial(access, [args.id], 'read') ?? true;
});

/** A dataset's grants: `share` on it (who has access is the sharer's business). */
export const canShareParentDataset = rule({ cache: 'no_cache' })(async (parent: { id: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const access = await loadersFor(ctx, info).datasetShare.load(parent.id);
  return datasetDenial(access ? [access] : [], [parent.id], 'share') ?? true;
});
