/** Who is calling. Names a user, never a tenant: tenant rights are re-read on every request. */
export interface Actor {
  userId: string;
  email: string;
  credential: { kind: 'jwt' } | { kind: 'api-key'; keyId: string };
}
