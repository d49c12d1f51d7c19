import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { Layout } from './components/Layout';
import { isUnauthenticated, plainError } from './errors';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { EndpointsPage } from './pages/EndpointsPage';
import { AuditPage } from './pages/AuditPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { MemberPage } from './pages/MemberPage';
import { MembersPage } from './pages/MembersPage';
import { RolesPage } from './pages/RolesPage';
import { SignInPage } from './pages/SignInPage';
import { MeQuery, SessionContext, type Session } from './session';
import { forgetSession, mayHaveSession, rememberSession } from './session-hint';

// GraphiQL (with its editor) is a page of its own: loaded only when opened, so it does not
// weigh on the rest of the console.
const GraphiQLPage = lazy(() => import('./pages/GraphiQLPage'));

export function App() {
  // Asked only while the console's note says a session may be open (session-hint.ts).
  const [hinted, setHinted] = useState(mayHaveSession);
  const [me, reexecute] = useQuery({ query: MeQuery, pause: !hinted });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const unauthenticated = isUnauthenticated(me.error);
  useEffect(() => {
    if (unauthenticated) forgetSession();
  }, [unauthenticated]);
  const signedIn = useCallback(
    (expiresIn: number) => {
      rememberSession(expiresIn);
      if (hinted) refresh();
      else setHinted(true);
    },
    [hinted, refresh],
  );
  const session = useMemo<Session | null>(
    () => (me.data ? { viewer: me.data.me, tenants: me.data.myTenants, refresh } : null),
    [me.data, refresh],
  );

  if (hinted && me.fetching && !me.data) return <p className="loading">Loading…</p>;
  const signedOut = !hinted || !session || unauthenticated;
  return (
    <BrowserRouter basename="/console">
      {signedOut ? (
        <Routes>
          <Route path="*" element={<SignInPage onSignedIn={signedIn} problem={me.error && !unauthenticated ? plainError(me.error) : null} />} />
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
              <Route path="endpoints" element={<EndpointsPage />} />
              <Route path="api-keys" element={<ApiKeysPage />} />
              <Route path="*" element={<p>There is no such page in the console.</p>} />
            </Route>
          </Routes>
        </SessionContext.Provider>
      )}
    </BrowserRouter>
  );
}
