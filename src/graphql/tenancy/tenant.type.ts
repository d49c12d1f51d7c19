import { ObjectType } from 'type-graphql';
import { OwnedRecord } from '../owned-record.type.ts';

@ObjectType('Tenant', { description: 'An organisation: one owner, members, roles, datasets.' })
export class TenantType extends OwnedRecord {}
