import { Kind, parse, print, visit, type FieldNode } from 'graphql';
import { JwtService } from '../../src/auth/jwt.ts';
import { REMOVE_MUTATION } from '../../test/helpers/removal-doors.ts';
import type { Queryable } from './database.ts';
import type { LoadRequest } from './load.ts';
import type { Door, Profile, SizeClass } from './plan.ts';

export interface Target {
  tenantId: string;
  userId: string;
  managerId: string;
}

/** Claims `count` unused targets of (size, profile), in seed order (round-robin over tenants). */
export async function claimTargets(c: Queryable, size: SizeClass, profile: Profile, count: number): Promise<Target[]> {
  const { rows } = await c.query<{ tenant_id: string; user_id: string; manager_id: string; seq: number }>(
    `UPDATE bench.targets SET claimed = true
     WHERE (tenant_id, user_id) IN (
       SELECT tenant_id, user_id FROM bench.targets
       WHERE class = $1 AND roles = $2 AND perms = $3 AND NOT claimed ORDER BY seq LIMIT $4)
     RETURNING tenant_id, user_id, manager_id, seq`,
    [size, profile.roles, profile.perms, count],
  );
  if (rows.length < count) throw new Error(`seed has only ${rows.length} unused ${size} targets of R${profile.roles}/A${profile.perms}, ${count} needed`);
  return rows.sort((a, b) => a.seq - b.seq).map((r) => ({ tenantId: r.tenant_id, userId: r.user_id, managerId: r.manager_id }));
}

/** Counts the claimed targets that are still members: 0 after a run where every removal worked. */
export async function stillMembers(c: Queryable, targets: Target[]): Promise<number> {
  const { rows } = await c.query<{ n: string }>(
    `SELECT count(*) AS n FROM memberships m JOIN unnest($1::uuid[], $2::uuid[]) AS x(t, u) ON m.tenant_id = x.t AND m.user_id = x.u`,
    [targets.map((t) => t.tenantId), targets.map((t) => t.userId)],
  );
  return Number(rows[0].n);
}

/** Bearer tokens for the callers (each tenant's manager), signed like the service's own. */
export class Tokens {
  private readonly jwt: JwtService;
  private readonly cache = new Map<string, Promise<string>>();
  constructor(secret: string) {
    this.jwt = new JwtService({ secret, ttlSeconds: 6 * 3600, issuer: 'tenantry', audience: 'tenantry' });
  }
  for(userId: string): Promise<string> {
    let token = this.cache.get(userId);
    if (!token) {
      token = this.jwt.issue(userId).then((t) => t.token);
      this.cache.set(userId, token);
    }
    return token;
  }
}

/** The removal the bench sends with `dryRun: true`: the same document and selection, a preview. */
export const PREVIEW_MUTATION = print(
  visit(parse(REMOVE_MUTATION), {
    Field(node): FieldNode | undefined {
      if (node.name.value !== 'removeUserFromTenant') return undefined;
      return { ...node, arguments: [...(node.arguments ?? []), { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'dryRun' }, value: { kind: Kind.BOOLEAN, value: true } }] };
    },
  }),
);
if (PREVIEW_MUTATION === REMOVE_MUTATION) throw new Error('REMOVE_MUTATION has no removeUserFromTenant field to preview');

/** The HTTP request removing `t` through `door` (the floor takes the legacy route's shape);
 * with `dryRun`, GraphQL's preview of that removal. */
export async function requestFor(door: Door, t: Target, tokens: Tokens, opts: { idempotencyKey?: string; dryRun?: boolean } = {}): Promise<LoadRequest> {
  const authorization = `Bearer ${await tokens.for(t.managerId)}`;
  const key: Record<string, string> = opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {};
  if (door === 'graphql') {
    return {
      method: 'POST',
      path: '/graphql',
      headers: { authorization, 'content-type': 'application/json', ...key },
      body: JSON.stringify({ query: opts.dryRun ? PREVIEW_MUTATION : REMOVE_MUTATION, variables: { tenantId: t.tenantId, userId: t.userId } }),
    };
  }
  if (opts.dryRun) throw new Error('a preview is a GraphQL argument (dryRun): no other door has one');
  return { method: 'DELETE', path: `/api/v1/permissions/tenants/${t.tenantId}/users/${t.userId}`, headers: { authorization, ...key } };
}

/** A removal really happened: GraphQL data with an audit event id, or the REST/floor 200 body. */
export function removalSucceeded(door: Door): (status: number, body: string) => boolean {
  if (door === 'graphql') return (status, body) => status === 200 && body.includes('"auditEventId":"') && !body.includes('"errors"');
  return (status, body) => status === 200 && body.includes('"audit_event_id":"');
}

/** A preview answered: the receipt without an audit event (nothing was kept). */
export const previewSucceeded = (status: number, body: string) => status === 200 && body.includes('"auditEventId":null') && body.includes('"revokedRoleCount":') && !body.includes('"errors"');
