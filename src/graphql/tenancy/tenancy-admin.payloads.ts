import { ObjectType } from 'type-graphql';
import { MembershipRemovalPayload } from './membership-removal.payload.ts';

/** What leaving did: the same effects, and so the same fields, as RemoveUserFromTenantPayload. */
@ObjectType('LeaveTenantPayload')
export class LeaveTenantPayload extends MembershipRemovalPayload({ who: 'caller', user: 'The caller, as they are now.' }) {}
