// The floor's read routes: the least a Node process can do to answer the dashboards' reads with
// the very JSON Tenantry's GraphQL endpoint returns (bench/lib/reads.ts checks that it is equal
// before anything is measured). Each route is ONE statement, one round trip: authentication's
// "user exists and is active", the member check, the page and everything nested in it, read in
// one query (pg names the statement, so it is parsed and planned once per connection), the
// JSON built by PostgreSQL's json_agg and re-serialized here. The SQL reads the same indexes
// the service's queries read: a floor measures what the framework costs, not a better plan.
import type { Pool } from 'pg';

/** What a read route answers: the status and the body, already JSON. */
export interface Answer {
  status: number;
  body: string;
}

const ACCESS = `
  SELECT (SELECT is_active FROM users WHERE id = $1) AS actor_active, t.id AS tenant_id, t.name, t.owner_id,
    EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = $1) AS is_member,
    (t.owner_id = $1 OR EXISTS (
      SELECT 1 FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
      WHERE ra.user_id = $1 AND ra.tenant_id = t.id AND 'MANAGE_USERS' = ANY (r.capabilities))) AS can_manage
  FROM (SELECT 1) one LEFT JOIN tenants t ON t.id = $2`;

// $3, $4: start after this (key, user id); $5 limit; $6 upper bound of the key (excluded; only
// in the bounded statement: the keys that start with the prefix, exactly). No LIKE filter, as in
// the service's query (list-member-pages.ts): the planner cannot size it and would sort the tenant.
const membersSql = (bounded: boolean) => `
WITH a AS (${ACCESS}),
page AS (
  SELECT m.user_id AS id, u.email, m.member_email_key AS email_key
  FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.tenant_id = $2 AND (SELECT actor_active AND is_member FROM a)
    AND (m.member_email_key COLLATE "C", m.user_id) > ($3::text COLLATE "C", $4::uuid)
    ${bounded ? `AND m.member_email_key COLLATE "C" < $6::text COLLATE "C"` : ''}
  ORDER BY m.member_email_key COLLATE "C", m.user_id
  LIMIT $5)
SELECT a.*, coalesce((
  SELECT json_agg(json_build_object('id', p.id, 'email', p.email, 'key', p.email_key, 'roles', (
    SELECT coalesce(json_agg(r.name ORDER BY lower(r.name) COLLATE "C", r.id), '[]'::json)
    FROM role_assignments ra JOIN roles r ON r.id = ra.role_id WHERE ra.user_id = p.id AND ra.tenant_id = $2))
    ORDER BY p.email_key COLLATE "C", p.id)
  FROM page p), '[]'::json) AS page
FROM a`;

const MY_TENANTS = `
SELECT (SELECT is_active FROM users WHERE id = $1) AS actor_active, coalesce((
  SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'viewerCanManageUsers', (t.owner_id = $1 OR EXISTS (
      SELECT 1 FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
      WHERE ra.user_id = $1 AND ra.tenant_id = t.id AND 'MANAGE_USERS' = ANY (r.capabilities))))
    ORDER BY lower(t.name) COLLATE "C", t.id)
  FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = $1), '[]'::json) AS tenants`;

// test/helpers/tenant-dashboard.ts, whole: members(first: 100) with totalCount, each member's
// roles with their member counts, the tenant's roles, the datasets the caller reads with their
// grants (when the caller may share them).
const DASHBOARD = `
WITH a AS (${ACCESS}),
ok AS (SELECT 1 FROM a WHERE actor_active AND is_member),
roles_of AS (
  SELECT r.id, r.name, (SELECT count(*) FROM role_assignments x WHERE x.role_id = r.id)::int AS member_count
  FROM roles r WHERE r.tenant_id = $2 AND EXISTS (SELECT 1 FROM ok)),
page AS (
  SELECT m.user_id AS id, u.email, m.member_email_key AS email_key
  FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.tenant_id = $2 AND EXISTS (SELECT 1 FROM ok)
  ORDER BY m.member_email_key COLLATE "C", m.user_id LIMIT 100),
sets AS (
  SELECT d.id, d.name,
    EXISTS (SELECT 1 FROM dataset_permissions p WHERE p.dataset_id = d.id AND p.permission = 'share' AND (
      p.user_id = $1 OR p.role_id IN (SELECT ra.role_id FROM role_assignments ra WHERE ra.user_id = $1 AND ra.tenant_id = d.tenant_id)
      OR (p.principal_tenant_id = d.tenant_id AND EXISTS (SELECT 1 FROM ok)))) AS can_share
  FROM datasets d
  WHERE d.tenant_id = $2 AND EXISTS (SELECT 1 FROM ok) AND EXISTS (
    SELECT 1 FROM dataset_permissions p WHERE p.dataset_id = d.id AND p.permission = 'read' AND (
      p.user_id = $1 OR p.role_id IN (SELECT ra.role_id FROM role_assignments ra WHERE ra.user_id = $1 AND ra.tenant_id = d.tenant_id)
      OR p.principal_tenant_id = d.tenant_id)))
SELECT a.*,
  (SELECT count(*)::int FROM memberships m WHERE m.tenant_id = $2 AND EXISTS (SELECT 1 FROM ok)) AS total,
  coalesce((SELECT json_agg(json_build_object('node', json_build_object(
      'user', json_build_object('email', p.email), 'isOwner', p.id = a.owner_id,
      'roles', (SELECT coalesce(json_agg(json_build_object('name', r.name, 'memberCount', r.member_count) ORDER BY lower(r.name) COLLATE "C", r.id), '[]'::json)
                FROM role_assignments ra JOIN roles_of r ON r.id = ra.role_id WHERE ra.user_id = p.id AND ra.tenant_id = $2),
      'viewerCanRemove', a.can_manage AND p.id <> a.owner_id)) ORDER BY p.email_key COLLATE "C", p.id) FROM page p), '[]'::json) AS edges,
  coalesce((SELECT json_agg(json_build_object('name', r.name, 'memberCount', r.member_count) ORDER BY lower(r.name) COLLATE "C", r.id) FROM roles_of r), '[]'::json) AS roles,
  coalesce((SELECT json_agg(json_build_object('name', s.name, 'viewerCanShare', s.can_share, 'grants', CASE WHEN s.can_share THEN (
      SELECT coalesce(json_agg(json_build_object('permission', upper(g.permission::text), 'principal', json_build_object('name', g.name))
               ORDER BY g.kind, lower(g.name) COLLATE "C", g.principal, g.permission), '[]'::json)
      FROM (SELECT p.permission,
              CASE WHEN p.user_id IS NOT NULL THEN 1 WHEN p.role_id IS NOT NULL THEN 2 ELSE 3 END AS kind,
              COALESCE(p.user_id, p.role_id, p.principal_tenant_id) AS principal,
              COALESCE(u.email, r.name, pt.name) AS name
            FROM dataset_permissions p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN roles r ON r.id = p.role_id
            LEFT JOIN tenants pt ON pt.id = p.principal_tenant_id
            WHERE p.dataset_id = s.id) g) END) ORDER BY lower(s.name) COLLATE "C", s.id) FROM sets s), '[]'::json) AS datasets
FROM a`;

interface Access {
  actor_active: boolean | null;
  tenant_id: string | null;
  name: string | null;
  owner_id: string | null;
  is_member: boolean | null;
  can_manage: boolean | null;
}

const data = (value: unknown): Answer => ({ status: 200, body: JSON.stringify({ data: value }) });
const error = (status: number, message: string): Answer => ({ status, body: JSON.stringify({ errors: [{ message }], data: null }) });

function denial(a: Access, tenantId: string): Answer | null {
  if (!a.actor_active) return error(401, 'Unauthorized');
  if (!a.tenant_id) return error(404, `Could not find tenant: ${tenantId}`);
  if (!a.is_member) return error(403, 'User is not a member of this tenant');
  return null;
}

const MEMBERS = membersSql(false);
const MEMBERS_BOUNDED = membersSql(true);

/** The range of keys in byte order that start with an email prefix (the bench sends ASCII
 * prefixes: the next key after the prefix is its last character's successor). */
function prefixRange(prefix: string | null): { from: string; to: string | null } {
  if (!prefix) return { from: '', to: null };
  const key = prefix.toLowerCase();
  return { from: key, to: key.slice(0, -1) + String.fromCharCode(key.charCodeAt(key.length - 1) + 1) };
}

const START = ['', '00000000-0000-0000-0000-000000000000'];

/** `tenant(id) { members(first, after, emailPrefix) { edges { node { user { email } roles { name }
 * viewerCanRemove } } pageInfo { hasNextPage endCursor } } }` */
export async function members(pool: Pool, actorId: string, q: URLSearchParams): Promise<Answer> {
  const tenantId = q.get('tenant') ?? '';
  const first = Number(q.get('first') ?? 50);
  if (!Number.isInteger(first) || first < 1 || first > 100) return error(400, 'first must be between 1 and 100');
  let after = START;
  if (q.get('after')) {
    try {
      after = JSON.parse(Buffer.from(q.get('after')!, 'base64url').toString('utf8'));
    } catch {
      return error(400, 'Invalid cursor');
    }
  }
  const { from, to } = prefixRange(q.get('emailPrefix'));
  // One lower bound for the index scan: the cursor, or the start of the prefix's key range.
  const start = Buffer.compare(Buffer.from(after[0]), Buffer.from(from)) >= 0 ? after : [from, START[1]];
  const values = [actorId, tenantId, start[0], start[1], first + 1];
  const { rows } = await pool.query<Access & { page: { id: string; email: string; key: string; roles: string[] }[] }>(
    to === null ? { name: 'floor_members', text: MEMBERS, values } : { name: 'floor_members_bounded', text: MEMBERS_BOUNDED, values: [...values, to] },
  );
  const a = rows[0];
  const refused = denial(a, tenantId);
  if (refused) return refused;
  const shown = a.page.slice(0, first);
  const cursor = (m: { id: string; key: string }) => Buffer.from(JSON.stringify([m.key, m.id])).toString('base64url');
  return data({
    tenant: {
      members: {
        edges: shown.map((m) => ({ node: { user: { email: m.email }, roles: m.roles.map((name) => ({ name })), viewerCanRemove: Boolean(a.can_manage) && m.id !== a.owner_id } })),
        pageInfo: { hasNextPage: a.page.length > first, endCursor: shown.length ? cursor(shown[shown.length - 1]) : null },
      },
    },
  });
}

/** `myTenants { id name viewerCanManageUsers }` */
export async function myTenants(pool: Pool, actorId: string): Promise<Answer> {
  const { rows } = await pool.query<{ actor_active: boolean | null; tenants: unknown[] }>({ name: 'floor_my_tenants', text: MY_TENANTS, values: [actorId] });
  if (!rows[0].actor_active) return error(401, 'Unauthorized');
  return data({ myTenants: rows[0].tenants });
}

/** The tenant dashboard query (test/helpers/tenant-dashboard.ts). */
export async function dashboard(pool: Pool, actorId: string, q: URLSearchParams): Promise<Answer> {
  const tenantId = q.get('tenant') ?? '';
  const { rows } = await pool.query<Access & { total: number; edges: unknown[]; roles: unknown[]; datasets: unknown[] }>({ name: 'floor_dashboard', text: DASHBOARD, values: [actorId, tenantId] });
  const a = rows[0];
  const refused = denial(a, tenantId);
  if (refused) return refused;
  return data({
    tenant: { name: a.name, viewerCanManageUsers: Boolean(a.can_manage), members: { totalCount: a.total, edges: a.edges }, roles: a.roles, datasets: a.datasets },
  });
}
