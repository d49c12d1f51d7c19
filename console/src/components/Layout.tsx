import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useMutation } from 'urql';
import { plainError } from '../errors';
import { CreateTenant } from './CreateTenant';
import { LogoutMutation, SelectTenantMutation, useSession } from '../session';
import { forgetSession } from '../session-hint';

const PERSONAL = '';

/** Every signed-in page: the header (tenant switcher, who is signed in, sign out), the navigation, the page. */
export function Layout() {
  const { viewer, tenants, refresh } = useSession();
  const [selection, select] = useMutation(SelectTenantMutation);
  const [, logout] = useMutation(LogoutMutation);

  async function switchTenant(value: string) {
    const result = await select({ tenantId: value === PERSONAL ? null : value });
    if (!result.error) refresh();
  }

  async function signOut() {
    await logout({});
    forgetSession();
    // A fresh page forgets everything the session read and shows the sign-in form.
    window.location.assign('/console/');
  }

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/console/">
          Tenantry
        </a>
        <label className="switcher">
          Tenant
          <select aria-label="Tenant" value={viewer.activeTenantId ?? PERSONAL} onChange={(e) => void switchTenant(e.target.value)} disabled={selection.fetching}>
            <option value={PERSONAL}>Personal (no tenant)</option>
            {tenants.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </option>
            ))}
          </select>
        </label>
        <span className="who">
          Signed in as <strong>{viewer.email}</strong>
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {selection.error && (
        <p role="alert" className="error banner">
          {plainError(selection.error)}
        </p>
      )}
      <nav aria-label="Console" className="sidenav">
        <NavLink to="/members">Members</NavLink>
        <NavLink to="/roles">Roles</NavLink>
        <NavLink to="/datasets">Datasets</NavLink>
        <NavLink to="/audit">Audit log</NavLink>
        <NavLink to="/endpoints">Endpoints</NavLink>
        <NavLink to="/api-keys">My API keys</NavLink>
        <a href="/console/graphiql">GraphiQL</a>
      </nav>
      <main className="page" key={viewer.activeTenantId ?? 'personal'}>
        <Outlet />
      </main>
    </div>
  );
}

/** A page about the active tenant: its content, or (while "Personal" is selected) how to choose one. */
export function InTenant({ what, children }: { what: string; children: (tenantId: string) => ReactNode }) {
  const { viewer, tenants } = useSession();
  if (viewer.activeTenant) return <>{children(viewer.activeTenant.id)}</>;
  return (
    <>
      <h1>{what}</h1>
      <p>
        You are working in your personal space.{' '}
        {tenants.length > 0 ? `Choose a tenant in the switcher above to see its ${what.toLowerCase()}, or create another.` : `You belong to no tenant yet: create one (you will own it), or ask an administrator to add you to theirs.`}
      </p>
      <CreateTenant />
    </>
  );
}
