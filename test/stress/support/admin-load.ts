import type { PrismaClient } from '../../../src/db/client.ts';
import { addMember, assignRole, buildDataset, buildRole, buildTenant } from '../../factories/tenancy.ts';
import { buildUser, tokenFor } from '../../factories/users.ts';
import { authHeaders, type Auth } from '../../helpers/http.ts';
import { Random, Tally } from './stress-env.ts';

/** Randomized tenant administration through both doors, for the concurrency and fault suites.
 * The world below is only a guess at the state (updated from successful answers) used to pick
 * operations that have a fair chance to succeed; nothing is asserted against it. */

export interface WorldUser {
  id: string;
  jwt: Auth;
  apiKey?: Auth;
}

export interface WorldTenant {
  id: string;
  roles: { id: string; manages: boolean }[];
  datasets: { id: string; ownerId: string }[];
  owner: string;
  members: Set<string>;
  managers: Set<string>;
  /** Role id → holders. */
  holders: Map<string, Set<string>>;
  /** Grants believed to exist: "datasetId principalId permission". */
  grants: Set<string>;
}

export interface World {
  users: WorldUser[];
  tenants: WorldTenant[];
}

export const OPS = [
  'addUserToTenant',
  'removeUserFromTenant',
  'addUserToRole',
  'removeUserFromRole',
  'grantDatasetPermission',
  'revokeDatasetPermission',
  'transferTenantOwnership',
  'leaveTenant',
  'selectTenant',
] as const;
export type OpKind = (typeof OPS)[number];

/** The audit action each successful operation writes (one event per success). */
export const AUDIT_ACTION: Record<OpKind, string> = {
  addUserToTenant: 'tenant.user_added',
  removeUserFromTenant: 'tenant.user_removed',
  addUserToRole: 'role.user_added',
  removeUserFromRole: 'role.user_removed',
  grantDatasetPermission: 'dataset_permission.granted',
  revokeDatasetPermission: 'dataset_permission.revoked',
  transferTenantOwnership: 'tenant.ownership_transferred',
  leaveTenant: 'tenant.user_left',
  selectTenant: 'user.tenant_selected',
};

const PERMISSIONS = ['read', 'write', 'delete', 'share'] as const;

const WEIGHTS: Record<OpKind, number> = {
  addUserToTenant: 15,
  removeUserFromTenant: 11,
  addUserToRole: 14,
  removeUserFromRole: 10,
  grantDatasetPermission: 13,
  revokeDatasetPermission: 10,
  transferTenantOwnership: 6,
  leaveTenant: 6,
  selectTenant: 15,
};

const GQL: Record<OpKind, string> = {
  addUserToTenant: 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { message } }',
  removeUserFromTenant: 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message revokedRoleCount } }',
  addUserToRole: 'mutation($r: UUID!, $u: UUID!) { addUserToRole(roleId: $r, userId: $u) { message } }',
  removeUserFromRole: 'mutation($r: UUID!, $u: UUID!) { removeUserFromRole(roleId: $r, userId: $u) { message } }',
  grantDatasetPermission:
    'mutation($d: [UUID!]!, $p: UUID!, $perm: DatasetPermission!) { grantDatasetPermission(datasetIds: $d, principal: { id: $p }, permission: $perm) { datasetCount } }',
  revokeDatasetPermission:
    'mutation($d: [UUID!]!, $p: UUID!, $perm: DatasetPermission!) { revokeDatasetPermission(datasetIds: $d, principal: { id: $p }, permission: $perm) { datasetCount } }',
  transferTenantOwnership: 'mutation($t: UUID!, $u: UUID!) { transferTenantOwnership(tenantId: $t, newOwnerId: $u) { ownerId } }',
  leaveTenant: 'mutation($t: UUID!) { leaveTenant(tenantId: $t) { message } }',
  selectTenant: 'mutation($t: UUID) { selectTenant(tenantId: $t) { activeTenantId } }',
};

/** Operations the legacy REST door has (transfer and leave are GraphQL only). */
const HAS_REST: Record<OpKind, boolean> = {
  addUserToTenant: true,
  removeUserFromTenant: true,
  addUserToRole: true,
  removeUserFromRole: true,
  grantDatasetPermission: true,
  revokeDatasetPermission: true,
  transferTenantOwnership: false,
  leaveTenant: false,
  selectTenant: true,
};

export interface PlannedOp {
  kind: OpKind;
  door: 'rest' | 'graphql';
  credential: 'jwt' | 'apiKey';
  baseUrl: string;
  auth: Auth;
  method: string;
  path: string;
  json?: unknown;
  /** Applied to the world guess when the operation succeeds. */
  onSuccess(): void;
}

export interface Outcome {
  kind: OpKind;
  door: 'rest' | 'graphql';
  ok: boolean;
  /** HTTP status; 0 for a transport failure (connection refused/reset, timeout). */
  status: number;
  /** GraphQL extensions.code, or the REST detail for errors; 'ok' on success. */
  code: string;
  retryAfter: string | null;
  body: unknown;
  ms: number;
}

/** Builds the world in the database directly (factories: no audit events), then API keys for
 * half the users through the service. */
export async function seedWorld(prisma: PrismaClient, baseUrl: string, rng: Random, counts: { tenants: number; users: number }): Promise<World> {
  const users: WorldUser[] = [];
  for (let i = 0; i < counts.users; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, counts.users - i) }, () => buildUser(prisma)));
    for (const user of batch) users.push({ id: user.id, jwt: await tokenFor(user) });
  }
  const tenants: WorldTenant[] = [];
  for (let i = 0; i < counts.tenants; i++) {
    const owner = users[i % users.length];
    const tenant = await buildTenant(prisma, { owner, activate: rng.chance(0.5) });
    const admin = await buildRole(prisma, { tenant, name: 'admin', capabilities: ['MANAGE_USERS'] });
    const editors = await buildRole(prisma, { tenant, name: 'editors' });
    const datasets = [];
    for (let d = 0; d < 2; d++) datasets.push(await buildDataset(prisma, { owner, tenant }));
    const members = new Set([owner.id]);
    const managers = new Set<string>();
    const holders = new Map([
      [admin.id, new Set<string>()],
      [editors.id, new Set<string>()],
    ]);
    const grants = new Set(datasets.flatMap((dataset) => PERMISSIONS.map((permission) => `${dataset.id} ${owner.id} ${permission}`)));
    for (const user of users) {
      if (user.id === owner.id || !rng.chance(0.4)) continue;
      await addMember(prisma, tenant, user, { activate: rng.chance(0.2) });
      members.add(user.id);
      if (managers.size < 2 && rng.chance(0.3)) {
        await assignRole(prisma, admin, user);
        managers.add(user.id);
        holders.get(admin.id)!.add(user.id);
      } else if (rng.chance(0.3)) {
        await assignRole(prisma, editors, user);
        holders.get(editors.id)!.add(user.id);
      }
    }
    tenants.push({
      id: tenant.id,
      roles: [
        { id: admin.id, manages: true },
        { id: editors.id, manages: false },
      ],
      datasets: datasets.map((dataset) => ({ id: dataset.id, ownerId: owner.id })),
      owner: owner.id,
      members,
      managers,
      holders,
      grants,
    });
  }
  for (const user of users.filter((_, i) => i % 2 === 0)) {
    const response = await fetch(`${baseUrl}/api/v1/auth/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(user.jwt) },
      body: JSON.stringify({ name: 'stress' }),
    });
    if (response.status !== 201) throw new Error(`creating an API key: ${response.status} ${await response.text()}`);
    user.apiKey = { apiKey: ((await response.json()) as { key: string }).key };
  }
  return { users, tenants };
}

/** One random operation against one of the given service URLs. */
export function planOp(world: World, rng: Random, baseUrls: string[]): PlannedOp {
  const kind = rng.weighted(WEIGHTS);
  const t = rng.pick(world.tenants);
  const user = (id: string) => world.users.find((u) => u.id === id)!;
  const randomUser = () => rng.pick(world.users);
  const memberIds = () => [...t.members];
  const aMember = () => (t.members.size ? user(rng.pick(memberIds())) : randomUser());
  const aNonOwnerMember = () => {
    const others = memberIds().filter((id) => id !== t.owner);
    return others.length ? user(rng.pick(others)) : randomUser();
  };
  const aNonMember = () => {
    const outside = world.users.filter((u) => !t.members.has(u.id));
    return outside.length ? rng.pick(outside) : randomUser();
  };
  const aManager = () => {
    const roll = rng.next();
    if (roll < 0.5) return user(t.owner);
    if (roll < 0.8 && t.managers.size) return user(rng.pick([...t.managers]));
    return randomUser();
  };
  const role = rng.pick(t.roles);
  const dataset = rng.pick(t.datasets);
  const permission = rng.pick(PERMISSIONS);
  /** Forgets what a user held in the tenant (they left or were removed). */
  const forget = (userId: string) => {
    t.members.delete(userId);
    t.managers.delete(userId);
    for (const holders of t.holders.values()) holders.delete(userId);
    for (const grant of [...t.grants]) if (grant.split(' ')[1] === userId) t.grants.delete(grant);
  };

  let actor: WorldUser;
  let rest: { method: string; path: string; json?: unknown } | undefined;
  let variables: Record<string, unknown>;
  let onSuccess: () => void = () => undefined;
  switch (kind) {
    case 'addUserToTenant': {
      actor = aManager();
      const target = rng.chance(0.75) ? aNonMember() : randomUser();
      variables = { t: t.id, u: target.id };
      rest = { method: 'POST', path: `/api/v1/permissions/users/${target.id}/tenants?tenant_id=${t.id}` };
      onSuccess = () => t.members.add(target.id);
      break;
    }
    case 'removeUserFromTenant': {
      actor = aManager();
      const target = rng.chance(0.8) ? aNonOwnerMember() : randomUser();
      variables = { t: t.id, u: target.id };
      rest = { method: 'DELETE', path: `/api/v1/permissions/tenants/${t.id}/users/${target.id}` };
      onSuccess = () => forget(target.id);
      break;
    }
    case 'addUserToRole':
    case 'removeUserFromRole': {
      actor = aManager();
      const holders = t.holders.get(role.id)!;
      const target =
        kind === 'removeUserFromRole' && holders.size && rng.chance(0.7) ? user(rng.pick([...holders])) : rng.chance(0.85) ? aMember() : randomUser();
      variables = { r: role.id, u: target.id };
      rest = { method: kind === 'addUserToRole' ? 'POST' : 'DELETE', path: `/api/v1/permissions/users/${target.id}/roles?role_id=${role.id}` };
      onSuccess = () => {
        if (kind === 'addUserToRole') holders.add(target.id);
        else holders.delete(target.id);
        if (!role.manages) return;
        if (kind === 'addUserToRole') t.managers.add(target.id);
        else t.managers.delete(target.id);
      };
      break;
    }
    case 'grantDatasetPermission':
    case 'revokeDatasetPermission': {
      const roll = rng.next();
      actor = roll < 0.5 ? user(dataset.ownerId) : roll < 0.7 ? user(t.owner) : randomUser();
      let [datasetId, principalId, perm] = [dataset.id, '', permission as string];
      if (kind === 'revokeDatasetPermission' && t.grants.size && rng.chance(0.6)) {
        [datasetId, principalId, perm] = rng.pick([...t.grants]).split(' ');
        actor = rng.chance(0.7) ? user(t.datasets.find((d) => d.id === datasetId)!.ownerId) : actor;
      } else {
        const principal = rng.weighted({ user: 7, role: 2, tenant: 1 });
        principalId = principal === 'user' ? (rng.chance(0.85) ? aMember() : randomUser()).id : principal === 'role' ? role.id : t.id;
      }
      const grant = `${datasetId} ${principalId} ${perm}`;
      variables = { d: [datasetId], p: principalId, perm: perm.toUpperCase() };
      rest = { method: kind === 'grantDatasetPermission' ? 'POST' : 'DELETE', path: `/api/v1/permissions/datasets/${principalId}?permission_name=${perm}`, json: [datasetId] };
      onSuccess = () => {
        if (kind === 'grantDatasetPermission') t.grants.add(grant);
        else t.grants.delete(grant);
      };
      break;
    }
    case 'transferTenantOwnership': {
      actor = rng.chance(0.85) ? user(t.owner) : aMember();
      const heir = aNonOwnerMember();
      variables = { t: t.id, u: heir.id };
      onSuccess = () => {
        t.owner = heir.id;
      };
      break;
    }
    case 'leaveTenant': {
      actor = rng.chance(0.85) ? aNonOwnerMember() : randomUser();
      variables = { t: t.id };
      const leaver = actor;
      onSuccess = () => forget(leaver.id);
      break;
    }
    case 'selectTenant': {
      actor = rng.chance(0.8) ? aMember() : randomUser();
      const tenantId = rng.chance(0.1) ? null : t.id;
      variables = { t: tenantId };
      rest = { method: 'POST', path: '/api/v1/permissions/tenants/select', json: { tenant_id: tenantId } };
      break;
    }
  }
  const door = HAS_REST[kind] && rest && rng.chance(0.5) ? 'rest' : 'graphql';
  const credential = actor.apiKey && rng.chance(0.5) ? 'apiKey' : 'jwt';
  const auth = credential === 'apiKey' ? actor.apiKey : actor.jwt;
  const baseUrl = rng.pick(baseUrls);
  if (door === 'rest') return { kind, door, credential, baseUrl, auth, method: rest!.method, path: rest!.path, json: rest!.json, onSuccess };
  return { kind, door, credential, baseUrl, auth, method: 'POST', path: '/graphql', json: { query: GQL[kind], variables }, onSuccess };
}

/** Sends one planned operation and reduces the answer to an Outcome. Never throws. */
export async function execute(op: PlannedOp, timeoutMs = 30_000): Promise<Outcome> {
  const started = performance.now();
  const base = { kind: op.kind, door: op.door };
  try {
    const headers: Record<string, string> = { ...authHeaders(op.auth) };
    if (op.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(op.baseUrl + op.path, {
      method: op.method,
      headers,
      body: op.json === undefined ? undefined : JSON.stringify(op.json),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text: an undocumented shape, reported by the caller
    }
    const ms = performance.now() - started;
    const retryAfter = response.headers.get('retry-after');
    if (op.door === 'rest') {
      const ok = response.status >= 200 && response.status < 300;
      const code = ok ? 'ok' : typeof body?.detail === 'string' ? body.detail : 'validation';
      return { ...base, ok, status: response.status, code, retryAfter, body, ms };
    }
    const error = body?.errors?.[0];
    const ok = response.status === 200 && !error && body?.data != null;
    return { ...base, ok, status: response.status, code: ok ? 'ok' : String(error?.extensions?.code ?? 'NO_CODE'), retryAfter, body, ms };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ...base, ok: false, status: 0, code: `transport:${cause}`, retryAfter: null, body: String(error), ms: performance.now() - started };
  }
}

/** A compact key for counting: "rest 404" / "graphql 200 FORBIDDEN" (REST details vary by id). */
export function outcomeKey(outcome: Outcome): string {
  if (outcome.door === 'rest' || outcome.status === 0) return `${outcome.door} ${outcome.status === 0 ? outcome.code : outcome.status}`;
  return `${outcome.door} ${outcome.status} ${outcome.code}`;
}

export interface LoadResult {
  ops: number;
  successes: Tally;
  byStatus: Tally;
  byOp: Record<string, Tally>;
  unexpected: Outcome[];
  /** door, credential and process of every op sent. */
  routing: Tally;
  wallMs: number;
  latencies: number[];
}

/** Runs ops with `concurrency` in flight until `total` ops were sent or `until()` says stop. */
export async function runLoad(options: {
  world: World;
  rng: Random;
  baseUrls: () => string[];
  concurrency: number;
  total?: number;
  until?: () => boolean;
  /** Outcomes the suite does not expect (kept, up to 50, for the report). */
  isUnexpected(outcome: Outcome): boolean;
  onOutcome?(outcome: Outcome, op: PlannedOp): void;
}): Promise<LoadResult> {
  const result: LoadResult = { ops: 0, successes: new Tally(), byStatus: new Tally(), byOp: {}, unexpected: [], routing: new Tally(), wallMs: 0, latencies: [] };
  const started = performance.now();
  let sent = 0;
  const more = () => (options.total === undefined || sent < options.total) && !(options.until?.() ?? false);
  const worker = async () => {
    while (more()) {
      sent++;
      const op = planOp(options.world, options.rng, options.baseUrls());
      const outcome = await execute(op);
      const urls = options.baseUrls();
      result.routing.add(`${op.door} ${op.credential}${urls.length > 1 ? ` process ${String.fromCharCode(65 + urls.indexOf(op.baseUrl))}` : ''}`);
      result.ops++;
      result.latencies.push(outcome.ms);
      const key = outcomeKey(outcome);
      result.byStatus.add(key);
      (result.byOp[op.kind] ??= new Tally()).add(key);
      if (outcome.ok) {
        result.successes.add(op.kind);
        op.onSuccess();
      }
      if (options.isUnexpected(outcome) && result.unexpected.length < 50) result.unexpected.push(outcome);
      options.onOutcome?.(outcome, op);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.wallMs = performance.now() - started;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

export function byOpSummary(result: LoadResult): Record<string, Record<string, number>> {
  return Object.fromEntries(Object.entries(result.byOp).map(([kind, tally]) => [kind, tally.sorted()]));
}
