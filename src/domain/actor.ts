/** Who is calling. Names a user, never a tenant: tenant rights are re-read on every request. */
export interface Actor {
  userId: string;
  email: string;
  /** operator: the `tenantry` CLI acting for this user (src/cli/). */
  credential: { kind: 'jwt' } | { kind: 'api-key'; keyId: string } | { kind: 'operator' };
}
