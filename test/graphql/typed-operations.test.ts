import { startTestApp, type TestApp } from '../helpers/app.ts';
import { operationData, sendOperation } from '../helpers/typed-graphql.ts';
import { LoginDocument, MeDocument, RegisterDocument } from '../generated/graphql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('typed operations generated from test/operations', () => {
  it('registers, logs in and reads the caller back with the generated documents', async () => {
    const credentials = { email: 'typed@example.com', password: 'typed all the way' };
    const { register } = await operationData(t.http, RegisterDocument, { variables: credentials });
    expect(register).toEqual({ id: expect.any(String), email: 'typed@example.com', isActive: true, createdAt: expect.any(String) });

    const { login } = await operationData(t.http, LoginDocument, { variables: credentials });
    expect(login).toEqual({ accessToken: expect.any(String), tokenType: 'bearer', expiresIn: 900 });

    const me = await sendOperation(t.http, MeDocument, { auth: { token: login.accessToken! } });
    expect(me.status).toBe(200);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toEqual({ ...register, activeTenantId: null });
    expect(Number.isNaN(Date.parse(me.data!.me.createdAt))).toBe(false);
  });
});

// Compile-time checks (tsc --noEmit): the documents type their variables.
export function typeChecks(t: TestApp): void {
  // @ts-expect-error Register requires variables
  void sendOperation(t.http, RegisterDocument);
  // @ts-expect-error Register requires a password
  void sendOperation(t.http, RegisterDocument, { variables: { email: 'x@example.com' } });
  // @ts-expect-error Me takes no variables
  void sendOperation(t.http, MeDocument, { variables: { id: 'x' } });
}
