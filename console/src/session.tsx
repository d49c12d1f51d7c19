import { createContext, useContext } from 'react';
import type { ConsoleMeQuery } from './gql/graphql';
import { graphql } from './gql';

export const MeQuery = graphql(`
  query ConsoleMe {
    me {
      id
      email
      activeTenantId
      activeTenant {
        id
        name
        ownerId
        viewerCanManageUsers
      }
    }
    myTenants {
      id
      name
    }
  }
`);

export const LoginMutation = graphql(`
  mutation ConsoleLogin($email: String!, $password: String!) {
    login(email: $email, password: $password, setSessionCookie: true) {
      expiresIn
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation ConsoleLogout {
    logout
  }
`);

export const SelectTenantMutation = graphql(`
  mutation ConsoleSelectTenant($tenantId: UUID) {
    selectTenant(tenantId: $tenantId) {
      id
      activeTenantId
    }
  }
`);

export type Viewer = ConsoleMeQuery['me'];
export type ActiveTenant = NonNullable<Viewer['activeTenant']>;

export interface Session {
  viewer: Viewer;
  tenants: ConsoleMeQuery['myTenants'];
  /** Re-reads the viewer (after switching tenants, or when a page learns something changed). */
  refresh(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
