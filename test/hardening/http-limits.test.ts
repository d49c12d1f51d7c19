import { startTestApp, type TestApp } from '../helpers/app.ts';

/** Request-level defences: the body size limit (413 in each door's documented shape) and Apollo's
 * CSRF prevention (a request a browser could send cross-site without a preflight is refused
 * before it runs). The legacy REST door authenticates by header only (no cookies), so a forged
 * cross-site request to it carries no credentials. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ mode: 'production', env: { BODY_LIMIT_BYTES: '2048' } });
});
afterAll(() => t.close());

const registered = (email: string) => t.prisma.user.count({ where: { email } });
const REGISTER = (email: string) => `mutation { register(email: "${email}", password: "long enough password") { id } }`;

describe('a body over BODY_LIMIT_BYTES', () => {
  it('answers REST with 413 {"detail":"Request body is too large"} and stores nothing', async () => {
    const response = await t.http.post('/api/v1/auth/register', { json: { email: 'big@example.test', password: 'x'.repeat(4000) } });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ detail: 'Request body is too large' });
    expect(await registered('big@example.test')).toBe(0);
  });

  it('answers REST form bodies (login) the same way', async () => {
    const response = await t.http.post('/api/v1/auth/login', { form: { username: 'big@example.test', password: 'x'.repeat(4000) } });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ detail: 'Request body is too large' });
  });

  it('answers /graphql with 413 and a GraphQL errors[] body, and runs nothing', async () => {
    const response = await t.http.post('/graphql', { json: { query: REGISTER('big-gql@example.test'), variables: { padding: 'x'.repeat(4000) } } });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }] });
    expect(await registered('big-gql@example.test')).toBe(0);
  });

  it('lets a body under the limit through', async () => {
    const response = await t.http.post('/graphql', { json: { query: REGISTER('small@example.test') } });
    expect(response.body.errors).toBeUndefined();
    expect(await registered('small@example.test')).toBe(1);
  });
});

describe('CSRF prevention on /graphql', () => {
  async function expectBlocked(response: { status: number; body: any }, email: string) {
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('Cross-Site Request Forgery'), extensions: { code: 'BAD_REQUEST' } });
    expect(await registered(email)).toBe(0);
  }

  it('refuses a text/plain POST (a simple request a form or fetch could send cross-site) before running it', async () => {
    const email = 'csrf-text@example.test';
    await expectBlocked(await t.http.post('/graphql', { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: REGISTER(email) }) }), email);
  });

  it('refuses a form-encoded POST', async () => {
    const email = 'csrf-form@example.test';
    await expectBlocked(await t.http.post('/graphql', { form: { query: REGISTER(email) } }), email);
  });

  it('refuses a POST with no content type', async () => {
    const email = 'csrf-none@example.test';
    await expectBlocked(await t.http.post('/graphql', { body: JSON.stringify({ query: REGISTER(email) }) }), email);
  });

  it('refuses a mutation over GET, with or without a preflight header', async () => {
    const email = 'csrf-get@example.test';
    const url = `/graphql?query=${encodeURIComponent(REGISTER(email))}`;
    await expectBlocked(await t.http.get(url), email);
    const preflighted = await t.http.get(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(405);
    expect(preflighted.body.errors?.[0].message).toBe('GET requests only support query operations, not mutation operations');
    expect(await registered(email)).toBe(0);
  });

  it('refuses a GET query without a preflight header, and answers it with one', async () => {
    const url = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    expect((await t.http.get(url)).status).toBe(400);
    const preflighted = await t.http.get(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('answers 415 for a multipart body (no uploads here)', async () => {
    const response = await t.http.post('/graphql', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n' });
    expect(response.status).toBe(415);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });
});
