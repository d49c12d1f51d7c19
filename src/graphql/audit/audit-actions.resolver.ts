import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { AUDIT_ACTION_LABELS } from '../../domain/audit/audit-actions.ts';

@ObjectType('AuditActionInfo', { description: 'An action the audit trail records, and its label in words.' })
export class AuditActionInfoType {
  @Field(() => String, { description: 'As AuditEvent.action and the action filter take it, e.g. "tenant.user_removed".' })
  action!: string;

  @Field(() => String, { description: 'In words, e.g. "member removed".' })
  label!: string;
}

const AUDIT_ACTION_INFOS: AuditActionInfoType[] = Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => ({ action, label }));

@Resolver()
export class AuditActionsResolver {
  @Query(() => [AuditActionInfoType], { description: 'Every action the audit trail records, with its label: what a console shows and filters by.' })
  auditActions(): AuditActionInfoType[] {
    return AUDIT_ACTION_INFOS;
  }
}
