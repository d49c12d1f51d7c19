import type { Mode } from '../config.ts';

/** The page at `/`: where to go, and which of those needs the internet. */
export function landingPage(mode: Mode): string {
  const sandbox =
    mode === 'production'
      ? '<li><a href="/graphql">/graphql</a>: the GraphQL endpoint. Its IDE (Apollo Sandbox) is off in production.</li>'
      : '<li><a href="/graphql">Apollo Sandbox</a> at /graphql: another GraphQL IDE. <strong>Needs internet</strong> (it loads from Apollo\'s CDN).</li>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tenantry</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
main { max-width: 42rem; margin: 3rem auto; padding: 0 1.5rem; }
h1 { margin-bottom: .25rem; }
li { margin: .6rem 0; }
a { color: #0b57d0; }
</style>
</head>
<body>
<main>
<h1>Tenantry</h1>
<p>A GraphQL gateway for multi-tenant user administration.</p>
<h2>Your first account</h2>
<p>Open the <a href="/console">admin console</a>. On a new installation it offers to create the first administrator.
After that, anyone can create an account there (or with <code>POST /api/v1/auth/register</code>),
and an operator can run <code>tenantry users create --email …</code>; an administrator then adds the account to a tenant.</p>
<h2>Where to go</h2>
<ul>
<li><a href="/console">Admin console</a>: members, roles, datasets, audit log, API keys. Works offline.</li>
<li><a href="/console/graphiql">GraphiQL</a>: a GraphQL IDE bundled with the console, signed in with your console session. Works offline.</li>
${sandbox}
<li><a href="/docs">API documentation</a> at /docs: the legacy REST routes. Works offline.</li>
<li><a href="/health">/health</a> and <a href="/ready">/ready</a>: liveness and readiness.</li>
</ul>
</main>
</body>
</html>
`;
}

/** The landing page's styles are inline and it runs no script. */
export const LANDING_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
