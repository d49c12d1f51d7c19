import { lazy, Suspense, useCallback, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { Layout } from './components/Layout';
import { isUnauthenticated, plainError } from './errors';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditPage } from './pages/AuditPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { MemberPage } from './pages/MemberPage';
import { MembersPage } from './pages/MembersPage';
import { RolesPage } from './pages/RolesPage';
import { SignInPage } from './pages/SignInPage';
import { MeQuery, SessionContext, type Session } from './session';

// GraphiQL (with its editor) is a page of its own: loaded only when opened, so it does not
// weigh on the rest of the console.
const GraphiQLPage = lazy(() => import('./pages/GraphiQLPage'));

export function App() {
  const [me, reexecute] = useQuery({ query: MeQuery });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const session = useMemo<Session | null>(
    () => (me.data ? { viewer: me.data.me, tenants: me.data.myTenants, refresh } : null),
    [me.data, refresh],
  );

  if (me.fetching && !me.data) return <p className="loading">Loading…</p>;
  const signedOut = !session || isUnauthenticated(me.error);
  return (
    <BrowserRouter basename="/console">
      {signedOut ? (
        <Routes>
          <Route path="*" element={<SignInPage onSignedIn={refresh} problem={me.error && !isUnauthenticated(me.error) ? plainError(me.error) : null} />} />
        </Routes>
      ) : (
        <SessionContext.Provider value={session}>
          <Routes>
            <Route
              path="graphiql"
              element={
                <Suspense fallback={<p className="loading">Loading GraphiQL…</p>}>
                  <GraphiQLPage />
                </Suspense>
              }
            />
            <Route element={<Layout />}>
              <Route index element={<Navigate to="members" replace />} />
              <Route path="sign-in" element={<Navigate to="/members" replace />} />
              <Route path="members" element={<MembersPage />} />
              <Route path="members/:userId" element={<MemberPage />} />
              <Route path="roles" element={<RolesPage />} />
              <Route path="datasets" element={<DatasetsPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="api-keys" element={<ApiKeysPage />} />
              <Route path="*" element={<p>There is no such page in the console.</p>} />
            </Route>
          </Routes>
        </SessionContext.Provider>
      )}
    </BrowserRouter>
  );
}
