import { useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { CreateForm } from '../components/CreateForm';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { graphql } from '../gql';
import type { Capability, ConsoleRolesQuery } from '../gql/graphql';
import { UserIdByEmailQuery } from '../lookups';
import { AddToRoleMutation } from '../member-operations';

const RolesQuery = graphql(`
  query ConsoleRoles($tenantId: UUID!) {
    tenant(id: $tenantId) {
      id
      name
      viewerCanManageUsers
      roles {
        id
        name
        description
        capabilities
        memberCount
        members {
          id
          email
        }
      }
    }
  }
`);

const CreateRoleMutation = graphql(`
  mutation ConsoleCreateRole($tenantId: UUID!, $name: String!, $description: String, $capabilities: [Capability!]) {
    createRole(tenantId: $tenantId, name: $name, description: $description, capabilities: $capabilities) {
      id
    }
  }
`);

const DeleteRoleMutation = graphql(`
  mutation ConsoleDeleteRole($roleId: UUID!) {
    deleteRole(roleId: $roleId) {
      message
      revokedAssignmentCount
    }
  }
`);

const SetCapabilitiesMutation = graphql(`
  mutation ConsoleSetRoleCapabilities($roleId: UUID!, $capabilities: [Capability!]!) {
    setRoleCapabilities(roleId: $roleId, capabilities: $capabilities) {
      id
      capabilities
    }
  }
`);

const RemoveFromRoleMutation = graphql(`
  mutation ConsoleRemoveUserFromRole($roleId: UUID!, $userId: UUID!) {
    removeUserFromRole(roleId: $roleId, userId: $userId) {
      message
    }
  }
`);

type Role = ConsoleRolesQuery['tenant']['roles'][number];

export function RolesPage() {
  return <InTenant what="Roles">{(tenantId) => <Roles tenantId={tenantId} />}</InTenant>;
}

function Roles({ tenantId }: { tenantId: string }) {
  const [result, reexecute] = useQuery({ query: RolesQuery, variables: { tenantId } });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const tenant = result.data?.tenant;
  return (
    <>
      <h1>Roles{tenant ? ` of ${tenant.name}` : ''}</h1>
      <ErrorLine error={result.error} />
      {tenant?.viewerCanManageUsers && <CreateRole tenantId={tenantId} onCreated={refetch} />}
      {tenant && tenant.roles.length === 0 && <p>This tenant has no roles yet.</p>}
      {tenant?.roles.map((role) => <RoleCard key={role.id} role={role} canManage={tenant.viewerCanManageUsers} onChanged={refetch} />)}
    </>
  );
}

function CreateRole({ tenantId, onCreated }: { tenantId: string; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [manageUsers, setManageUsers] = useState(false);
  const [creation, create] = useMutation(CreateRoleMutation);

  async function submit() {
    const capabilities: Capability[] = manageUsers ? ['MANAGE_USERS'] : [];
    const result = await create({ tenantId, name, description: description || null, capabilities });
    if (result.data) {
      setName('');
      setDescription('');
      setManageUsers(false);
      onCreated();
    }
  }

  return (
    <CreateForm title="Create a role" submitLabel="Create role" busy={creation.fetching} error={creation.error} onSubmit={submit}>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={manageUsers} onChange={(e) => setManageUsers(e.target.checked)} />
        Can manage users (MANAGE_USERS)
      </label>
    </CreateForm>
  );
}

function RoleCard({ role, canManage, onChanged }: { role: Role; canManage: boolean; onChanged: () => void }) {
  const [deletion, remove] = useMutation(DeleteRoleMutation);
  const [capabilityChange, setCapabilities] = useMutation(SetCapabilitiesMutation);
  const [unassignment, unassign] = useMutation(RemoveFromRoleMutation);
  const managesUsers = role.capabilities.includes('MANAGE_USERS');
  const headingId = `role-${role.id}`;

  async function run(action: Promise<{ error?: CombinedError }>) {
    const result = await action;
    if (!result.error) onChanged();
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{role.name}</h2>
        {canManage && (
          <button
            type="button"
            className="danger"
            aria-label={`Delete role ${role.name}`}
            disabled={deletion.fetching}
            onClick={() => {
              if (window.confirm(`Delete the role ${role.name}? Its ${role.memberCount} members lose it and its dataset permissions go.`)) void run(remove({ roleId: role.id }));
            }}
          >
            Delete
          </button>
        )}
      </div>
      {role.description && <p>{role.description}</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={managesUsers}
          disabled={!canManage || capabilityChange.fetching}
          onChange={(e) => void run(setCapabilities({ roleId: role.id, capabilities: e.target.checked ? ['MANAGE_USERS'] : [] }))}
        />
        Can manage users (MANAGE_USERS)
      </label>
      <h3>
        {role.memberCount} {role.memberCount === 1 ? 'member' : 'members'}
      </h3>
      <ul className="plain chips">
        {role.members.map((member) => (
          <li key={member.id} className="chip">
            {member.email}
            {canManage && (
              <button type="button" className="chip-remove" aria-label={`Take ${role.name} from ${member.email}`} onClick={() => void run(unassign({ roleId: role.id, userId: member.id }))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && <AddMember roleId={role.id} roleName={role.name} onAdded={onChanged} />}
      <ErrorLine error={deletion.error ?? capabilityChange.error ?? unassignment.error} />
    </section>
  );
}

function AddMember({ roleId, roleName, onAdded }: { roleId: string; roleName: string; onAdded: () => void }) {
  const client = useClient();
  const [email, setEmail] = useState('');
  const [lookupError, setLookupError] = useState<CombinedError | undefined>();
  const [assignment, assign] = useMutation(AddToRoleMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const lookup = await client.query(UserIdByEmailQuery, { email }, { requestPolicy: 'network-only' }).toPromise();
    setLookupError(lookup.error);
    if (!lookup.data) return;
    const result = await assign({ roleId, userId: lookup.data.userIdByEmail });
    if (result.data) {
      setEmail('');
      onAdded();
    }
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        Give {roleName} to (email)
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <button type="submit" className="secondary" disabled={assignment.fetching}>
        Add
      </button>
      <ErrorLine error={lookupError ?? assignment.error} />
    </form>
  );
}
