import { randomBytes } from 'node:crypto';
import type { Auth } from '../helpers/http.ts';
import type { TestApp } from '../helpers/app.ts';
import { sendOperation, untyped } from '../helpers/typed-graphql.ts';

export { MISSING_UUID } from '../helpers/constants.ts';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, any>;
}

/** Sends a query whose selection is what the test checks (the test client, untyped document);
 * returns data and errors as they came. */
export async function query(t: TestApp, source: string, variables: Record<string, unknown>, auth: Auth) {
  const result = await sendOperation(t.http, untyped(source), { variables, auth });
  return { status: result.status, data: result.data as any, errors: (result.errors ?? []) as GqlError[] };
}

/** Sends a query that must succeed; returns its data. */
export async function data(t: TestApp, source: string, variables: Record<string, unknown>, auth: Auth): Promise<any> {
  const result = await query(t, source, variables, auth);
  if (result.errors.length) throw new Error(`query failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A short lower-case tag that makes this test's emails unique in the file's database. */
export const tag = () => `t${randomBytes(4).toString('hex')}`;

/** Byte order of the lower-cased email: what Tenant.members sorts by (COLLATE "C"). Emails
 * in these tests are ASCII, where JavaScript's comparison is byte order. */
export function byEmailKey(a: { email: string }, b: { email: string }): number {
  const x = a.email.toLowerCase();
  const y = b.email.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
