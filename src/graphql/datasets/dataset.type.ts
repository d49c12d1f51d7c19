import { Field, ObjectType } from 'type-graphql';
import { OwnedRecord } from '../owned-record.type.ts';
import { UUID } from '../scalars.ts';

@ObjectType('Dataset', { description: 'Data owned by a user, in a tenant or personal (tenantId null).' })
export class DatasetType extends OwnedRecord {
  @Field(() => UUID, { nullable: true })
  tenantId!: string | null;
}
