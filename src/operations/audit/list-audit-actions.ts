import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { AUDIT_ACTION_LABELS, TENANT_EVENT_TYPES } from '../../domain/audit/audit-actions.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';

@ObjectType('AuditActionInfo', { description: 'An action the audit trail records, and its label in words.' })
export class AuditActionInfoType {
  @Field(() => String, { description: 'As AuditEvent.action and the action filter take it, e.g. "tenant.user_removed".' })
  action!: string;

  @Field(() => String, { description: 'In words, e.g. "member removed".' })
  label!: string;

  @Field(() => Boolean, { description: 'Whether it is an event type of the tenants’ event streams (what webhooks and the events API carry).' })
  tenantEvent!: boolean;
}

const AUDIT_ACTION_INFOS: AuditActionInfoType[] = Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => ({ action, label, tenantEvent: (TENANT_EVENT_TYPES as readonly string[]).includes(action) }));

@Resolver()
class AuditActionsResolver {
  @Query(() => [AuditActionInfoType], { description: 'Every action the audit trail records, with its label: what a console shows and filters by.' })
  auditActions(): AuditActionInfoType[] {
    return AUDIT_ACTION_INFOS;
  }
}

/** The catalogue of audit actions (the operations' `audit` declarations): any signed-in caller. */
export const operation = defineOperation({
  on: 'Query',
  field: 'auditActions',
  resolver: AuditActionsResolver,
  guard: { rule: isAuthenticated },
  opens: ['AuditActionInfo'],
  examples: [{ args: {}, select: 'action label', writes: false, allowed: SIGNED_IN }],
});
