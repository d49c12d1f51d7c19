import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../session';
import { CreateForm } from './CreateForm';

const CreateTenantMutation = graphql(`
  mutation ConsoleCreateTenant($name: String!) {
    createTenant(name: $name) {
      id
    }
  }
`);

/** A new tenant, owned by the caller, who then works in it (the server makes it the active tenant). */
export function CreateTenant() {
  const { refresh } = useSession();
  const [name, setName] = useState('');
  const [creation, create] = useMutation(CreateTenantMutation);
  async function submit() {
    const result = await create({ name });
    if (result.data) refresh();
  }
  return (
    <CreateForm title="Create a tenant" submitLabel="Create tenant" busy={creation.fetching} error={creation.error} onSubmit={submit}>
      <label>
        Tenant name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
    </CreateForm>
  );
}
