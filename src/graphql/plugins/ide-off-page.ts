import type { ApolloServerPlugin } from '@apollo/server';

/** Production has no Apollo Sandbox: a browser opening /graphql is told so in plain words (and
 * where to go instead) rather than getting Apollo's CSRF refusal of a bare GET. */
export const ideOffPage: ApolloServerPlugin = {
  async serverWillStart() {
    return {
      async renderLandingPage() {
        return { html: IDE_OFF_HTML };
      },
    };
  },
};

const IDE_OFF_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tenantry GraphQL API</title></head>
<body>
<main>
<h1>Tenantry GraphQL API</h1>
<p>The GraphQL IDE (Apollo Sandbox) is off: this server runs in production mode, where the schema is not published.</p>
<p>This address answers GraphQL requests sent with <code>POST</code> and a JSON body. The admin console is at <a href="/console">/console</a>.</p>
</main>
</body>
</html>
`;
