import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';

// Same origin, same session: the browser adds the httpOnly session cookie; the JSON content type
// GraphiQL sends satisfies the server's CSRF prevention.
const fetcher = createGraphiQLFetcher({ url: '/graphql', fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }) });

const DEFAULT_QUERY = `# Signed in with your console session.
query Me {
  me {
    email
    activeTenant {
      name
    }
  }
}
`;

export default function GraphiQLPage() {
  return (
    <div className="graphiql-page">
      <h1 className="visually-hidden">GraphiQL</h1>
      <a className="graphiql-back" href="/console/">
        ← Console
      </a>
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
    </div>
  );
}
