import { isDeepStrictEqual } from 'node:util';
import { TENANT_DASHBOARD } from '../../test/helpers/tenant-dashboard.ts';
import type { Queryable } from './database.ts';
import type { LoadRequest } from './load.ts';
import type { SizeClass } from './plan.ts';
import type { Tokens } from './targets.ts';

/** The dashboards' reads the bench measures, each through GraphQL and through the floor's
 * route answering the same JSON (bench/floor/reads.ts). */
export type ReadKind = 'members-first' | 'members-deep' | 'members-search' | 'my-tenants' | 'dashboard';

export const MEMBERS_QUERY = `query Members($id: UUID!, $first: Int, $after: String, $emailPrefix: String) {
  tenant(id: $id) { members(first: $first, after: $after, emailPrefix: $emailPrefix) {
    edges { node { user { email } roles { name } viewerCanRemove } } pageInfo { hasNextPage endCursor } } }
}`;
export const MY_TENANTS_QUERY = `{ myTenants { id name viewerCanManageUsers } }`;

/** Pages deep of the "deep page" case, per tenant size: 1,000 pages of 50 in the 100,000-member
 * tenant, the same share of the 1,000-member one. */
export const DEEP_PAGES: Partial<Record<SizeClass, number>> = { xl: 1_000, m: 10 };

export interface ReadCase {
  kind: ReadKind;
  /** Tenant size class (members-* and dashboard); null for myTenants (a user in 500 tenants). */
  size: SizeClass | null;
  label: string;
  graphql: LoadRequest;
  floor: LoadRequest;
  /** Page size (members-*), for the statement count in page size. */
  first?: number;
}

export const READ_LABEL: Record<ReadKind, string> = {
  'members-first': 'members, first page',
  'members-deep': 'members, deep page (cursor)',
  'members-search': 'members, email-prefix search',
  'my-tenants': 'myTenants (a user in 500 tenants)',
  dashboard: 'tenant dashboard (1,000 members)',
};

export const graphqlRequest = (authorization: string, query: string, variables: Record<string, unknown>): LoadRequest => ({
  method: 'POST',
  path: '/graphql',
  headers: { authorization, 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});
const floorRequest = (authorization: string, path: string, params: Record<string, string | number | null>): LoadRequest => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== null).map(([k, v]): [string, string] => [k, String(v)]));
  return { method: 'GET', path: `${path}?${search}`, headers: { authorization } };
};

/** The first tenant of a size class and its manager (the caller of every tenant read). */
export async function tenantOf(c: Queryable, size: SizeClass) {
  const { rows } = await c.query<{ id: string; manager_id: string; idx: number }>(`SELECT id, manager_id, idx FROM bench.tenants WHERE class = $1 ORDER BY idx LIMIT 1`, [size]);
  if (!rows.length) throw new Error(`no ${size} tenant seeded`);
  return rows[0];
}

/** The cursor the service hands out for the member just before position `offset` (0-based) in
 * the tenant's member order: the `after` of a page starting there. */
async function cursorAt(c: Queryable, tenantId: string, offset: number): Promise<string> {
  const { rows } = await c.query<{ email_key: string; id: string }>(
    `SELECT member_email_key AS email_key, user_id AS id FROM memberships WHERE tenant_id = $1
     ORDER BY member_email_key COLLATE "C", user_id OFFSET $2 LIMIT 1`,
    [tenantId, offset - 1],
  );
  if (!rows.length) throw new Error(`tenant ${tenantId} has fewer than ${offset} members`);
  return Buffer.from(JSON.stringify([rows[0].email_key, rows[0].id])).toString('base64url');
}

/** Every read case on the seeded data: members (first page, deep page, prefix search) in the
 * 1,000- and 100,000-member tenants, myTenants of the user in 500 tenants, the dashboard of a
 * 1,000-member tenant. `first` overrides the page size of members-first (statement counts). */
export async function readCases(c: Queryable, tokens: Tokens, opts: { pageSizes?: number[] } = {}): Promise<ReadCase[]> {
  const cases: ReadCase[] = [];
  for (const size of ['m', 'xl'] as SizeClass[]) {
    const t = await tenantOf(c, size);
    const auth = `Bearer ${await tokens.for(t.manager_id)}`;
    const members = (kind: ReadKind, first: number, after: string | null, emailPrefix: string | null): ReadCase => ({
      kind,
      size,
      first,
      label: READ_LABEL[kind],
      graphql: graphqlRequest(auth, MEMBERS_QUERY, { id: t.id, first, after, emailPrefix }),
      floor: floorRequest(auth, '/reads/members', { tenant: t.id, first, after, emailPrefix }),
    });
    for (const first of opts.pageSizes ?? [50]) cases.push(members('members-first', first, null, null));
    if (opts.pageSizes) continue;
    cases.push(members('members-deep', 50, await cursorAt(c, t.id, 50 * DEEP_PAGES[size]!), null));
    // The bystanders' emails are member-<class>-<tenant>-<n>@…: this prefix matches one in nine.
    cases.push(members('members-search', 50, null, `Member-${size}-${t.idx}-7`));
    if (size === 'm') {
      cases.push({
        kind: 'dashboard',
        size,
        label: READ_LABEL.dashboard,
        graphql: graphqlRequest(auth, TENANT_DASHBOARD, { id: t.id }),
        floor: floorRequest(auth, '/reads/dashboard', { tenant: t.id }),
      });
    }
  }
  if (!opts.pageSizes) {
    const { rows } = await c.query<{ user_id: string }>(`SELECT user_id FROM bench.traveller LIMIT 1`);
    if (!rows.length) throw new Error('no traveller seeded (the bench database predates the reads section: seed again)');
    const auth = `Bearer ${await tokens.for(rows[0].user_id)}`;
    cases.push({ kind: 'my-tenants', size: null, label: READ_LABEL['my-tenants'], graphql: graphqlRequest(auth, MY_TENANTS_QUERY, {}), floor: floorRequest(auth, '/reads/my-tenants', {}) });
  }
  return cases;
}

/** A read answered: 200, data and no errors. */
export const readSucceeded = (status: number, body: string) => status === 200 && body.startsWith('{"data":') && !body.includes('"errors"');

/** Fetches a case from both servers and compares the JSON: the floor must serve what the service
 * serves, or its throughput means nothing. Returns null when equal, else what differs. */
export async function compareAnswers(read: ReadCase, serviceUrl: string, floorUrl: string): Promise<string | null> {
  const get = async (base: string, r: LoadRequest) => {
    const response = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body });
    return { status: response.status, text: await response.text() };
  };
  const [s, f] = await Promise.all([get(serviceUrl, read.graphql), get(floorUrl, read.floor)]);
  if (!readSucceeded(s.status, s.text)) return `service answered ${s.status} ${s.text.slice(0, 300)}`;
  if (!readSucceeded(f.status, f.text)) return `floor answered ${f.status} ${f.text.slice(0, 300)}`;
  const [a, b] = [JSON.parse(s.text), JSON.parse(f.text)];
  if (isDeepStrictEqual(a, b)) return null;
  return `answers differ: service ${s.text.length} bytes, floor ${f.text.length} bytes; first difference at ${firstDifference(a, b)}`;
}

function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const [x, y] = [(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${k}`);
  }
  return path;
}
