// The floor: the least a Node process can do to perform the same removal as Tenantry — the same
// checks (docs/CONTRACT.md §3, checks 1–7, in order), the same row locks, the same effects and audit event,
// in one transaction — with node:http, pg and jose and nothing else. It lives only in bench/;
// every service figure is reported as a ratio to this server measured in the same run. It also
// serves the dashboards' reads (reads.ts, GET /reads/…) with the JSON GraphQL answers.
//
// One round trip per removal: a single simple-protocol message
//   BEGIN; EXECUTE <lock tenant, then target user>; EXECUTE <read facts + guarded set-based effects>; COMMIT
// (both statements PREPAREd once per pooled connection: no parsing or planning per removal)
// PostgreSQL gives each statement of a multi-statement message its own snapshot (READ
// COMMITTED), so the facts statement reads after the locks are held — the same guarantee as
// the service's separate lock statement. The guard makes a refused request change nothing, so
// COMMIT is harmless then; the answer is decided from the facts in contract order. Values are
// inlined as literals (the simple protocol has no parameters): ids are checked against a strict
// UUID pattern first and the request id is ours, so nothing a caller sends reaches the SQL text.
//
// Environment: DATABASE_URL, PORT, HOST (127.0.0.1), JWT_SECRET, JWT_ISSUER/JWT_AUDIENCE
// (tenantry), DB_POOL_SIZE (10).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { errors, jwtVerify } from 'jose';
import { Pool, type PoolClient } from 'pg';
import { dashboard, members, myTenants, type Answer } from './reads.ts';

const env = process.env;
const secret = new TextEncoder().encode(required('JWT_SECRET'));
const issuer = env.JWT_ISSUER || 'tenantry';
const audience = env.JWT_AUDIENCE || 'tenantry';
const pool = new Pool({ connectionString: required('DATABASE_URL'), max: Number(env.DB_POOL_SIZE || 10) });
pool.on('error', () => undefined);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^\/api\/v1\/permissions\/tenants\/([^/]+)\/users\/([^/?]+)$/;
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock: the service retries these too

interface Facts {
  actor_active: boolean | null;
  tenant_id: string | null;
  owner_id: string | null;
  can_manage: boolean | null;
  target_id: string | null;
  is_member: boolean | null;
  audit_event_id: string | null;
  roles: number;
  permissions: number;
  cleared: boolean;
}

// The two statements, prepared once per connection (PREPARE … AS, per session) so each removal
// skips parsing and planning, as a prepared statement would in the extended protocol.
const PREPARE = `
PREPARE floor_lock(uuid, uuid) AS
  WITH t AS (SELECT id FROM tenants WHERE id = $1 FOR NO KEY UPDATE)
  SELECT u.id FROM users u WHERE u.id = $2 AND EXISTS (SELECT 1 FROM t) FOR NO KEY UPDATE;
PREPARE floor_remove(uuid, uuid, uuid, text) AS
WITH f AS (
  SELECT (SELECT is_active FROM users WHERE id = $1) AS actor_active,
         t.id AS tenant_id, t.owner_id,
         (t.owner_id = $1 OR EXISTS (
            SELECT 1 FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
            WHERE ra.user_id = $1 AND ra.tenant_id = t.id AND 'MANAGE_USERS' = ANY (r.capabilities))) AS can_manage,
         u.id AS target_id, u.active_tenant_id,
         EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = u.id) AS is_member
  FROM (SELECT 1) one LEFT JOIN tenants t ON t.id = $2 LEFT JOIN users u ON u.id = $3
), go AS (
  SELECT 1 FROM f WHERE f.actor_active AND f.tenant_id IS NOT NULL AND f.can_manage AND f.owner_id <> $3
                    AND f.target_id IS NOT NULL AND f.is_member
), rr AS (
  DELETE FROM role_assignments WHERE user_id = $3 AND tenant_id = $2 AND EXISTS (SELECT 1 FROM go) RETURNING 1
), rp AS (
  DELETE FROM dataset_permissions WHERE user_id = $3 AND tenant_id = $2 AND EXISTS (SELECT 1 FROM go) RETURNING 1
), rm AS (
  DELETE FROM memberships WHERE user_id = $3 AND tenant_id = $2 AND EXISTS (SELECT 1 FROM go) RETURNING 1
), c AS (
  SELECT (SELECT count(*) FROM rr)::int AS roles, (SELECT count(*) FROM rp)::int AS permissions,
         EXISTS (SELECT 1 FROM rm) AS membership, ((SELECT active_tenant_id FROM f) = $2) IS TRUE AS cleared
), audit AS (
  INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id)
  SELECT $1, 'tenant.user_removed', $2, $3,
         jsonb_build_object('revokedRoleCount', roles, 'revokedDatasetPermissionCount', permissions, 'activeTenantCleared', cleared),
         $4
  FROM c WHERE c.membership
  RETURNING id
)
SELECT f.actor_active, f.tenant_id, f.owner_id, f.can_manage, f.target_id, f.is_member,
       (SELECT id FROM audit) AS audit_event_id, c.roles, c.permissions, c.cleared
FROM f, c;`;
const prepared = new WeakSet<PoolClient>();

function removalSql(actorId: string, tenantId: string, userId: string, requestId: string): string {
  const [a, t, u] = [actorId, tenantId, userId].map((id) => `'${id}'`);
  return `BEGIN; EXECUTE floor_lock(${t}, ${u}); EXECUTE floor_remove(${a}, ${t}, ${u}, '${requestId}'); COMMIT;`;
}

async function remove(actorId: string, tenantId: string, userId: string): Promise<Facts> {
  const sql = removalSql(actorId, tenantId, userId, randomUUID());
  for (let attempt = 1; ; attempt++) {
    const client: PoolClient = await pool.connect();
    try {
      if (!prepared.has(client)) {
        await client.query(PREPARE);
        prepared.add(client);
      }
      const results = (await client.query(sql)) as unknown as { rows: Facts[] }[];
      client.release();
      return results[2].rows[0];
    } catch (error) {
      // The failed statement left the transaction aborted: end it before the connection is reused.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/ready') {
    await pool.query('SELECT 1');
    return send(res, 200, { ready: true });
  }
  const read = req.method === 'GET' ? READS[new URL(req.url ?? '/', 'http://floor').pathname] : undefined;
  const match = req.method === 'DELETE' ? ROUTE.exec(req.url ?? '') : null;
  if (!match && !read) return send(res, 404, { detail: 'Not Found' });
  // 1. authenticated (signature and claims here, "user exists and is active" in the statement)
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const actorId = bearer ? await verify(bearer) : null;
  if (!actorId || !UUID.test(actorId)) return send(res, 401, { detail: 'Unauthorized' });
  if (read) {
    const query = new URL(req.url!, 'http://floor').searchParams;
    const tenant = query.get('tenant');
    if (tenant !== null && !UUID.test(tenant)) return send(res, 400, { errors: [{ message: 'Invalid tenant id' }], data: null });
    const answer = await read(actorId.toLowerCase(), query);
    return sendText(res, answer.status, answer.body);
  }
  if (!match) return;
  // 2. both ids are UUIDs
  const [tenantId, userId] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
  const issues = (
    [
      ['tenant_id', tenantId],
      ['user_id', userId],
    ] as const
  )
    .filter(([, value]) => !UUID.test(value))
    .map(([loc, input]) => ({ type: 'uuid_parsing', loc: ['path', loc], msg: 'Input should be a valid UUID', input }));
  if (issues.length) return send(res, 422, { detail: issues });

  const f = await remove(actorId.toLowerCase(), tenantId.toLowerCase(), userId.toLowerCase());
  if (!f.actor_active) return send(res, 401, { detail: 'Unauthorized' });
  if (!f.tenant_id) return send(res, 404, { detail: `Could not find tenant: ${tenantId}` }); // 3
  if (!f.can_manage) return send(res, 403, { detail: 'User is not authorized to manage users for this tenant' }); // 4
  if (f.owner_id === userId.toLowerCase()) return send(res, 400, { detail: 'Cannot remove the tenant owner from their own tenant.' }); // 5
  if (!f.target_id) return send(res, 404, { detail: `Could not find user: ${userId}` }); // 6
  if (!f.is_member || !f.audit_event_id) return send(res, 404, { detail: 'User not found in this tenant.' }); // 7
  return send(res, 200, {
    message: 'User removed from tenant',
    revoked_role_count: f.roles,
    revoked_dataset_permission_count: f.permissions,
    active_tenant_cleared: f.cleared,
    audit_event_id: f.audit_event_id,
  });
}

async function verify(token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer, audience, requiredClaims: ['sub', 'exp'], clockTolerance: 5 });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

// The dashboards' reads (reads.ts), answering the JSON the service's GraphQL endpoint answers.
const READS: Record<string, (actorId: string, query: URLSearchParams) => Promise<Answer>> = {
  '/reads/members': (actorId, query) => members(pool, actorId, query),
  '/reads/my-tenants': (actorId) => myTenants(pool, actorId),
  '/reads/dashboard': (actorId, query) => dashboard(pool, actorId, query),
};

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`floor: ${name} is required`);
  return value;
}

const server = createServer((req, res) => {
  // Drain the (empty) body, then answer; anything unexpected is a 500 with nothing internal in it.
  req.resume();
  handle(req, res).catch((error: unknown) => {
    console.error('floor: removal failed:', error);
    if (!res.headersSent) send(res, 500, { detail: 'Internal Server Error' });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(env.PORT || 0), env.HOST || '127.0.0.1', () => {
  const address = server.address();
  console.log(`floor listening on http://${env.HOST || '127.0.0.1'}:${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => server.close(() => pool.end().finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
