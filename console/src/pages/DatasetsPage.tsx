import { useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { CreateForm } from '../components/CreateForm';
import { ErrorLine } from '../components/ErrorLine';
import { graphql } from '../gql';
import type { ConsoleDatasetsQuery, DatasetPermission, PrincipalType } from '../gql/graphql';
import { UserIdByEmailQuery } from '../lookups';
import { useSession } from '../session';

const DatasetsQuery = graphql(`
  query ConsoleDatasets {
    datasets {
      id
      name
      ownerId
      tenantId
      viewerCanShare
      grants {
        id
        permission
        principal {
          id
          name
          type
        }
      }
    }
  }
`);

const TenantRolesQuery = graphql(`
  query ConsoleTenantRoles($tenantId: UUID!) {
    tenant(id: $tenantId) {
      id
      roles {
        id
        name
      }
    }
  }
`);

const CreateDatasetMutation = graphql(`
  mutation ConsoleCreateDataset($name: String!) {
    createDataset(name: $name) {
      id
    }
  }
`);

const GrantMutation = graphql(`
  mutation ConsoleGrantDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {
    grantDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {
      message
    }
  }
`);

const RevokeMutation = graphql(`
  mutation ConsoleRevokeDatasetPermission($datasetIds: [UUID!]!, $permission: DatasetPermission!, $principal: PrincipalInput!) {
    revokeDatasetPermission(datasetIds: $datasetIds, permission: $permission, principal: $principal) {
      message
    }
  }
`);

const PERMISSIONS: DatasetPermission[] = ['READ', 'WRITE', 'DELETE', 'SHARE'];
type Dataset = ConsoleDatasetsQuery['datasets'][number];
type Role = { id: string; name: string };

export function DatasetsPage() {
  const { viewer } = useSession();
  const tenant = viewer.activeTenant;
  const [result, reexecute] = useQuery({ query: DatasetsQuery });
  const [roles] = useQuery({ query: TenantRolesQuery, variables: { tenantId: tenant?.id ?? '' }, pause: !tenant });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <>
      <h1>Datasets{tenant ? ` of ${tenant.name}` : ' (personal)'}</h1>
      <ErrorLine error={result.error} />
      <CreateDataset onCreated={refetch} />
      {result.data && result.data.datasets.length === 0 && <p>No datasets you can read here.</p>}
      {result.data?.datasets.map((dataset) => (
        <DatasetCard key={dataset.id} dataset={dataset} tenantId={tenant?.id ?? null} tenantName={tenant?.name ?? null} roles={roles.data?.tenant.roles ?? []} onChanged={refetch} />
      ))}
    </>
  );
}

function CreateDataset({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [creation, create] = useMutation(CreateDatasetMutation);
  async function submit() {
    const result = await create({ name });
    if (result.data) {
      setName('');
      onCreated();
    }
  }
  return (
    <CreateForm title="Create a dataset" submitLabel="Create dataset" busy={creation.fetching} error={creation.error} onSubmit={submit}>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
    </CreateForm>
  );
}

function DatasetCard(props: { dataset: Dataset; tenantId: string | null; tenantName: string | null; roles: Role[]; onChanged: () => void }) {
  const { dataset, onChanged } = props;
  const [revocation, revoke] = useMutation(RevokeMutation);
  const headingId = `dataset-${dataset.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{dataset.name}</h2>
      {!dataset.viewerCanShare ? (
        <p className="muted">You may read this dataset; only those with SHARE see and change its grants.</p>
      ) : (
        <>
          <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Grants on {dataset.name}</caption>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Kind</th>
                <th scope="col">Permission</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(dataset.grants ?? []).map((grant) => (
                <tr key={grant.id}>
                  <td>{grant.principal.name}</td>
                  <td>{grant.principal.type.toLowerCase()}</td>
                  <td>{grant.permission}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Revoke ${grant.permission} from ${grant.principal.name}`}
                      onClick={async () => {
                        const result = await revoke({ datasetIds: [dataset.id], permission: grant.permission, principal: { id: grant.principal.id, type: grant.principal.type } });
                        if (!result.error) onChanged();
                      }}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <ErrorLine error={revocation.error} />
          <GrantForm {...props} />
        </>
      )}
    </section>
  );
}

function GrantForm({ dataset, tenantId, tenantName, roles, onChanged }: { dataset: Dataset; tenantId: string | null; tenantName: string | null; roles: Role[]; onChanged: () => void }) {
  const client = useClient();
  const [kind, setKind] = useState<PrincipalType>('USER');
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState('');
  const [permission, setPermission] = useState<DatasetPermission>('READ');
  const [lookupError, setLookupError] = useState<CombinedError | undefined>();
  const [grant, run] = useMutation(GrantMutation);

  async function principalId(): Promise<string | null> {
    if (kind === 'ROLE') return roleId || null;
    if (kind === 'TENANT') return tenantId;
    const lookup = await client.query(UserIdByEmailQuery, { email }, { requestPolicy: 'network-only' }).toPromise();
    setLookupError(lookup.error);
    return lookup.data?.userIdByEmail ?? null;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const id = await principalId();
    if (!id) return;
    const result = await run({ datasetIds: [dataset.id], permission, principal: { id, type: kind } });
    if (result.data) {
      setEmail('');
      onChanged();
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Grant a permission on ${dataset.name}`}>
      <label>
        To
        <select aria-label="Grant to" value={kind} onChange={(e) => setKind(e.target.value as PrincipalType)}>
          <option value="USER">a user</option>
          {roles.length > 0 && <option value="ROLE">a role</option>}
          {tenantId && <option value="TENANT">the whole tenant</option>}
        </select>
      </label>
      {kind === 'USER' && (
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      )}
      {kind === 'ROLE' && (
        <label>
          Role
          <select aria-label="Role" required value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            <option value="">Choose…</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'TENANT' && <span>{tenantName}</span>}
      <label>
        Permission
        <select aria-label="Permission" value={permission} onChange={(e) => setPermission(e.target.value as DatasetPermission)}>
          {PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={grant.fetching}>
        Grant
      </button>
      <ErrorLine error={lookupError ?? grant.error} />
    </form>
  );
}
