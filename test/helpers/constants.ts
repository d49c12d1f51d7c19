import { NOT_A_MEMBER, NOT_AUTHORIZED_TO_MANAGE } from '../../src/domain/tenancy/policy.ts';

/** A well-formed UUID that names nothing in any test database. */
export const MISSING_UUID = '00000000-0000-4000-8000-000000000000';

/** The refusals tests assert on, from the code that words them. */
export const FORBIDDEN_MANAGE = NOT_AUTHORIZED_TO_MANAGE;
export { NOT_A_MEMBER };
/** The removal's check 7 (docs/CONTRACT.md §3): the target is not a member. */
export const NOT_IN_TENANT = 'User not found in this tenant.';
