import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createDataset } from '../../domain/datasets/create-dataset.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { DatasetType } from '../../graphql/datasets/dataset.type.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { DATASET_FIELDS, datasetRead, presentDataset } from './dataset.legacy.ts';

@ArgsType()
export class CreateDatasetArgs {
  @Field(() => String)
  name!: string;
}

@Resolver()
class CreateDatasetResolver {
  @Mutation(() => DatasetType, { description: "Creates a dataset in the caller's active tenant (personal when none)." })
  createDataset(@Args(() => CreateDatasetArgs) args: CreateDatasetArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    return inTransaction(ctx.db, (tx) => createDataset(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** Anyone signed in may create a dataset: in their active tenant, which they are a member of, or personal. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'createDataset',
  resolver: CreateDatasetResolver,
  guard: { rule: isAuthenticated },
  audit: { action: 'dataset.created', label: 'dataset created' },
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/datasets',
      operation: `mutation LegacyCreateDataset($name: String!) { createDataset(name: $name) { ${DATASET_FIELDS} } }`,
      body: z.object({ name: text(255) }),
      variables: ({ body }) => ({ name: body.name }),
      response: datasetRead,
      present: (data: { createDataset: Parameters<typeof presentDataset>[0] }) => presentDataset(data.createDataset),
    }),
  ],
  examples: [{ args: { name: 'reports' }, select: 'id', rest: { body: { name: 'reports' } }, writes: true, allowed: SIGNED_IN }],
});
