import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { CreateForm } from '../components/CreateForm';
import { ErrorLine } from '../components/ErrorLine';
import { graphql } from '../gql';

const ApiKeysQuery = graphql(`
  query ConsoleApiKeys {
    myApiKeys {
      id
      name
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

const CreateApiKeyMutation = graphql(`
  mutation ConsoleCreateApiKey($name: String) {
    createApiKey(name: $name) {
      key
      apiKey {
        id
        name
      }
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation ConsoleRevokeApiKey($id: UUID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export function ApiKeysPage() {
  const [keys, reexecute] = useQuery({ query: ApiKeysQuery });
  const [creation, create] = useMutation(CreateApiKeyMutation);
  const [revocation, revoke] = useMutation(RevokeApiKeyMutation);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const refetch = () => reexecute({ requestPolicy: 'network-only' });

  async function submit() {
    const result = await create({ name: name || null });
    if (result.data) {
      setShown({ name: result.data.createApiKey.apiKey.name, key: result.data.createApiKey.key });
      setName('');
      refetch();
    }
  }

  return (
    <>
      <h1>My API keys</h1>
      <p>An API key acts as you, in every tenant you belong to. Send it as the <code>X-Api-Key</code> header.</p>
      <CreateForm title="Create an API key" submitLabel="Create key" busy={creation.fetching} error={creation.error} onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="What it is for" />
        </label>
      </CreateForm>
      {shown && (
        <section className="card notice" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">Your new key “{shown.name}”</h2>
          <p>Copy it now: it is shown this once, and only its hash is stored.</p>
          <p>
            <code className="secret" data-testid="new-api-key">
              {shown.key}
            </code>
          </p>
          <button type="button" className="secondary" onClick={() => setShown(null)}>
            I have copied it
          </button>
        </section>
      )}
      <ErrorLine error={keys.error ?? revocation.error} />
      {keys.data && (
        <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Your API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.myApiKeys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{new Date(key.createdAt).toLocaleString()}</td>
                <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>{key.revokedAt ? `revoked ${new Date(key.revokedAt).toLocaleDateString()}` : 'active'}</td>
                <td>
                  {!key.revokedAt && (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke key ${key.name}`}
                      onClick={async () => {
                        const result = await revoke({ id: key.id });
                        if (!result.error) refetch();
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {keys.data.myApiKeys.length === 0 && (
              <tr>
                <td colSpan={6}>You have no API keys.</td>
              </tr>
            )}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
