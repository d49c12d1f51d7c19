import { Field, ObjectType } from 'type-graphql';
import { MembershipType } from './membership.type.ts';

@ObjectType('PageInfo', { description: 'Forward pagination: pass endCursor as `after` while hasNextPage.' })
export class PageInfoType {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

@ObjectType('MemberEdge')
export class MemberEdgeType {
  @Field(() => String, { description: 'Opaque; pass as `after` to continue after this member.' })
  cursor!: string;

  @Field(() => MembershipType)
  node!: MembershipType;
}

/** A page of a tenant's members. `tenantId` and `pattern` (not fields) let `totalCount` count
 * the same filtered set without re-reading the arguments. */
@ObjectType('MemberConnection', { description: "A page of a tenant's members, by email (case-insensitive), then id." })
export class MemberConnectionType {
  @Field(() => [MemberEdgeType])
  edges!: MemberEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  tenantId!: string;
  pattern!: string;
}
