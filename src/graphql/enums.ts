import { registerEnumType } from 'type-graphql';

/** Tenant capabilities a role can carry (values = the database enum). */
export enum CapabilityEnum {
  MANAGE_USERS = 'MANAGE_USERS',
}
registerEnumType(CapabilityEnum, {
  name: 'Capability',
  valuesConfig: { MANAGE_USERS: { description: 'Add, remove and assign roles to members of the tenant.' } },
});

/** Dataset permissions: GraphQL spells them in capitals, the database and legacy REST in lower case. */
export enum DatasetPermissionEnum {
  READ = 'read',
  WRITE = 'write',
  DELETE = 'delete',
  SHARE = 'share',
}
registerEnumType(DatasetPermissionEnum, { name: 'DatasetPermission' });

export enum PrincipalTypeEnum {
  USER = 'USER',
  ROLE = 'ROLE',
  TENANT = 'TENANT',
}
export enum ActorKindEnum {
  USER = 'USER',
  OPERATOR = 'OPERATOR',
}
registerEnumType(ActorKindEnum, {
  name: 'ActorKind',
  description: 'Who acted on an audit event.',
  valuesConfig: { USER: { description: 'A signed-in user: the event’s actor.' }, OPERATOR: { description: 'An operator through the `tenantry` CLI, acting for no user (actor null).' } },
});

registerEnumType(PrincipalTypeEnum, { name: 'PrincipalType', description: 'Who a dataset permission is granted to.' });
