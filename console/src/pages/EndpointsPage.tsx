import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { CreateForm } from '../components/CreateForm';
import { ErrorLine } from '../components/ErrorLine';
import { InTenant } from '../components/Layout';
import { WebhookEndpointFieldsFragment } from '../generated/fragments';
import { graphql } from '../gql';
import type { WebhookEndpointFieldsFragment as Endpoint } from '../gql/graphql';

// The fragment's document must be in this module's bundle: the operations below spread it.
void WebhookEndpointFieldsFragment;

const EndpointsAccessQuery = graphql(`
  query ConsoleEndpointsAccess($tenantId: UUID!) {
    tenant(id: $tenantId) {
      id
      name
      viewerCanManageUsers
    }
    auditActions {
      action
      label
      tenantEvent
    }
  }
`);

const EndpointsQuery = graphql(`
  query ConsoleWebhookEndpoints($tenantId: UUID!) {
    tenant(id: $tenantId) {
      id
      webhookEndpoints {
        ...WebhookEndpointFields
      }
    }
  }
`);

const DeliveriesQuery = graphql(`
  query ConsoleWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $after: String) {
    tenant(id: $tenantId) {
      id
      webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {
        attempts {
          eventId
          eventType
          sequence
          attempt
          statusCode
          error
          latencyMs
          at
        }
        hasNextPage
        endCursor
        deadLetters {
          eventId
          eventType
          sequence
          attempts
          lastError
          deadAt
          replayAt
        }
      }
    }
  }
`);

const CreateEndpointMutation = graphql(`
  mutation ConsoleCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {
    createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) {
      secret
      endpoint {
        ...WebhookEndpointFields
      }
    }
  }
`);

const UpdateEndpointMutation = graphql(`
  mutation ConsoleUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $eventTypes: [String!], $enabled: Boolean) {
    updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, eventTypes: $eventTypes, enabled: $enabled) {
      ...WebhookEndpointFields
    }
  }
`);

const DeleteEndpointMutation = graphql(`
  mutation ConsoleDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) {
    deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) {
      message
    }
  }
`);

const ResendMutation = graphql(`
  mutation ConsoleResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {
    resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) {
      queued
    }
  }
`);

const RotateSecretMutation = graphql(`
  mutation ConsoleRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {
    rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) {
      secret
      previousSecretExpiresAt
    }
  }
`);

type EventType = { action: string; label: string };

export function EndpointsPage() {
  return <InTenant what="Endpoints">{(tenantId) => <Endpoints tenantId={tenantId} />}</InTenant>;
}

function Endpoints({ tenantId }: { tenantId: string }) {
  const [access] = useQuery({ query: EndpointsAccessQuery, variables: { tenantId } });
  const canManage = access.data?.tenant.viewerCanManageUsers === true;
  const [endpoints, reexecute] = useQuery({ query: EndpointsQuery, variables: { tenantId }, pause: !canManage });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const types = (access.data?.auditActions ?? []).filter((info) => info.tenantEvent);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const tenant = access.data?.tenant;
  return (
    <>
      <h1>Endpoints{tenant ? ` of ${tenant.name}` : ''}</h1>
      <p>
        Webhook endpoints receive this tenant’s events, signed to the Standard Webhooks specification: verify each delivery with the endpoint’s <code>whsec_</code>{' '}
        secret (docs/CONTRACT.md, Webhooks).
      </p>
      <ErrorLine error={access.error ?? endpoints.error} />
      {tenant && !canManage && <p>Only the tenant’s owner and its user managers manage its webhook endpoints.</p>}
      {canManage && (
        <AddEndpoint
          tenantId={tenantId}
          types={types}
          onCreated={(created) => {
            setSecret(created);
            refetch();
          }}
        />
      )}
      {secret && (
        <section className="card notice" aria-labelledby="new-secret-heading">
          <h2 id="new-secret-heading">Signing secret for {secret.url}</h2>
          <p>Copy it now into the receiver’s configuration: it is shown this once.</p>
          <p>
            <code className="secret" data-testid="new-webhook-secret">
              {secret.secret}
            </code>
          </p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </section>
      )}
      {endpoints.data && endpoints.data.tenant.webhookEndpoints.length === 0 && <p>This tenant has no webhook endpoints yet.</p>}
      {endpoints.data?.tenant.webhookEndpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} tenantId={tenantId} endpoint={endpoint} types={types} onChanged={refetch} onSecret={setSecret} />
      ))}
    </>
  );
}

function TypeChoice({ types, chosen, onChange }: { types: EventType[]; chosen: string[]; onChange: (chosen: string[]) => void }) {
  return (
    <fieldset className="type-choice">
      <legend>Event types (none ticked: all of them)</legend>
      {types.map((type) => (
        <label key={type.action} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(type.action)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, type.action] : chosen.filter((action) => action !== type.action))}
          />
          {type.label} <code>{type.action}</code>
        </label>
      ))}
    </fieldset>
  );
}

function AddEndpoint({ tenantId, types, onCreated }: { tenantId: string; types: EventType[]; onCreated: (created: { url: string; secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [creation, create] = useMutation(CreateEndpointMutation);

  async function submit() {
    const result = await create({ tenantId, url, description: description || null, eventTypes: chosen });
    if (result.data) {
      onCreated({ url: result.data.createWebhookEndpoint.endpoint.url, secret: result.data.createWebhookEndpoint.secret });
      setUrl('');
      setDescription('');
      setChosen([]);
    }
  }

  return (
    <CreateForm title="Add an endpoint" submitLabel="Add endpoint" busy={creation.fetching} error={creation.error} onSubmit={submit}>
      <label>
        URL
        <input required type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/webhooks" />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <TypeChoice types={types} chosen={chosen} onChange={setChosen} />
    </CreateForm>
  );
}

function EndpointCard(props: { tenantId: string; endpoint: Endpoint; types: EventType[]; onChanged: () => void; onSecret: (shown: { url: string; secret: string }) => void }) {
  const { tenantId, endpoint, onChanged } = props;
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [deletion, remove] = useMutation(DeleteEndpointMutation);
  const [rotation, rotate] = useMutation(RotateSecretMutation);
  const headingId = `endpoint-${endpoint.id}`;

  async function rotateSecret() {
    if (!window.confirm(`Give ${endpoint.url} a new signing secret? The current one keeps signing beside it until the overlap ends.`)) return;
    const result = await rotate({ tenantId, endpointId: endpoint.id });
    if (result.data) {
      props.onSecret({ url: endpoint.url, secret: result.data.rotateWebhookSecret.secret });
      onChanged();
    }
  }

  async function run(action: Promise<{ error?: CombinedError }>) {
    const result = await action;
    if (!result.error) onChanged();
  }

  const state = endpoint.enabled ? 'on' : endpoint.disabledReason === 'GONE' ? 'off: the receiver answered 410 Gone' : 'off';
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId} className="endpoint-url">
          {endpoint.url}
        </h2>
        <button
          type="button"
          className="danger"
          aria-label={`Delete endpoint ${endpoint.url}`}
          disabled={deletion.fetching}
          onClick={() => {
            if (window.confirm(`Delete the endpoint ${endpoint.url}? Nothing more is sent to it, and its delivery log goes.`)) void run(remove({ tenantId, endpointId: endpoint.id }));
          }}
        >
          Delete
        </button>
      </div>
      {endpoint.description && <p>{endpoint.description}</p>}
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="endpoint-state">{state}</dd>
        <dt>Event types</dt>
        <dd>{endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'all'}</dd>
        <dt>Waiting to be sent</dt>
        <dd>{endpoint.pendingEvents}</dd>
        <dt>Dead letters</dt>
        <dd>{endpoint.deadLetters}</dd>
        {endpoint.failedAttempts > 0 && (
          <>
            <dt>Failing</dt>
            <dd>
              {endpoint.failedAttempts} failed attempts ({endpoint.lastError}); next {endpoint.nextAttemptAt ? new Date(endpoint.nextAttemptAt).toLocaleString() : 'soon'}
            </dd>
          </>
        )}
        {endpoint.previousSecretExpiresAt && (
          <>
            <dt>Previous secret</dt>
            <dd>still signs until {new Date(endpoint.previousSecretExpiresAt).toLocaleString()}</dd>
          </>
        )}
      </dl>
      <ErrorLine error={deletion.error ?? rotation.error} />
      <div className="actions">
        <button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <button type="button" className="secondary" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
          Delivery log
        </button>
        <button type="button" className="secondary" disabled={rotation.fetching} onClick={() => void rotateSecret()}>
          Rotate secret
        </button>
      </div>
      {editing && (
        <EditEndpoint
          tenantId={tenantId}
          endpoint={endpoint}
          types={props.types}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      {showLog && <DeliveryLog tenantId={tenantId} endpoint={endpoint} onResent={onChanged} />}
    </section>
  );
}

function EditEndpoint({ tenantId, endpoint, types, onSaved }: { tenantId: string; endpoint: Endpoint; types: EventType[]; onSaved: () => void }) {
  const [chosen, setChosen] = useState<string[]>(endpoint.eventTypes);
  const [enabled, setEnabled] = useState(endpoint.enabled);
  const [update, save] = useMutation(UpdateEndpointMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await save({ tenantId, endpointId: endpoint.id, eventTypes: chosen, enabled });
    if (!result.error) onSaved();
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Edit endpoint ${endpoint.url}`}>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Send events to this endpoint
      </label>
      <TypeChoice types={types} chosen={chosen} onChange={setChosen} />
      <button type="submit" disabled={update.fetching}>
        Save
      </button>
      <ErrorLine error={update.error} />
    </form>
  );
}

function DeliveryLog({ tenantId, endpoint, onResent }: { tenantId: string; endpoint: Endpoint; onResent: () => void }) {
  const [after, setAfter] = useState<string | null>(null);
  const [log, reexecute] = useQuery({ query: DeliveriesQuery, variables: { tenantId, endpointId: endpoint.id, after }, requestPolicy: 'network-only' });
  const [resending, resend] = useMutation(ResendMutation);
  const [queued, setQueued] = useState<number | null>(null);
  const page = log.data?.tenant.webhookDeliveries;

  async function send(eventIds: string[] | null) {
    const result = await resend({ tenantId, endpointId: endpoint.id, eventIds });
    if (result.data) {
      setQueued(result.data.resendWebhookEvents.queued);
      onResent();
      reexecute({ requestPolicy: 'network-only' });
    }
  }

  return (
    <div className="delivery-log">
      <div className="card-head">
        <h3>Delivery log</h3>
        <button type="button" className="secondary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      <ErrorLine error={log.error ?? resending.error} />
      {queued !== null && (
        <p role="status" className="notice-line">
          {queued === 1 ? '1 event queued to be sent again.' : `${queued} events queued to be sent again.`}
        </p>
      )}
      {page && (
        <>
          <h4>Dead letters</h4>
          {page.deadLetters.length === 0 ? (
            <p>No dead letters.</p>
          ) : (
            <>
              <button type="button" disabled={resending.fetching} onClick={() => void send(null)}>
                Resend every dead letter
              </button>
              <div className="table-scroll">
                <table className="dead-letters">
                  <caption className="visually-hidden">Dead letters of {endpoint.url}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Sequence</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Last error</th>
                      <th scope="col">State</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.deadLetters.map((dead) => (
                      <tr key={dead.eventId}>
                        <td>{dead.eventType ?? dead.eventId}</td>
                        <td>{dead.sequence}</td>
                        <td>{dead.attempts}</td>
                        <td>{dead.lastError}</td>
                        <td>{dead.replayAt ? 'queued to be sent again' : `dead since ${dead.deadAt ? new Date(dead.deadAt).toLocaleString() : '?'}`}</td>
                        <td>
                          <button type="button" className="secondary" disabled={resending.fetching} aria-label={`Resend event ${dead.sequence}`} onClick={() => void send([dead.eventId])}>
                            Resend
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <h4>Attempts, newest first</h4>
          <div className="table-scroll">
            <table className="deliveries">
              <caption className="visually-hidden">Delivery attempts to {endpoint.url}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Sequence</th>
                  <th scope="col">Attempt</th>
                  <th scope="col">Status</th>
                  <th scope="col">Latency</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.attempts.map((attempt) => (
                  <tr key={`${attempt.eventId}-${attempt.attempt}-${attempt.at}`}>
                    <td>{new Date(attempt.at).toLocaleString()}</td>
                    <td>{attempt.eventType}</td>
                    <td>{attempt.sequence}</td>
                    <td>{attempt.attempt}</td>
                    <td>{attempt.error ? `${attempt.statusCode ?? 'no answer'}: ${attempt.error}` : `${attempt.statusCode} delivered`}</td>
                    <td>{attempt.latencyMs} ms</td>
                    <td>
                      <button type="button" className="secondary" disabled={resending.fetching} aria-label={`Resend event ${attempt.sequence}`} onClick={() => void send([attempt.eventId])}>
                        Resend
                      </button>
                    </td>
                  </tr>
                ))}
                {page.attempts.length === 0 && (
                  <tr>
                    <td colSpan={7}>Nothing sent yet.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {(after || page.hasNextPage) && (
            <div className="actions">
              {after && (
                <button type="button" className="secondary" onClick={() => setAfter(null)}>
                  Newest
                </button>
              )}
              {page.hasNextPage && (
                <button type="button" className="secondary" onClick={() => setAfter(page.endCursor ?? null)}>
                  Older
                </button>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
