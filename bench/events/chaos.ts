// `npm run bench:events-chaos` (issue #20, "How it is proven"): 10,000 mutations across 50
// tenants through 2 service processes on PostgreSQL, with NATS JetStream and one webhook
// endpoint per tenant whose receiver answers 500 to 10 % of deliveries; one process is killed
// with SIGKILL three times and restarted. Then, once every cursor has caught up, the database's
// committed events, the receiver's record and the stream are checked against each other
// (check.ts). Prints a report; exits 1 on any violation.
//
// Options: --quick (10 tenants, 1,000 mutations, 1 kill); --tenants N; --mutations N; --kills N;
// --workers N (concurrent callers, default 16); --fail-share F (default 0.1); --seed N;
// --catch-up-s N (how long to wait for the relays to catch up, default 240); --keep (leave the
// database and the stream); --write-results (put the report into bench/RESULTS.md).
// Environment: DATABASE_URL (the PostgreSQL server; the run creates tenantry_bench_chaos_<tag>
// there and drops it), NATS_URL (default nats://127.0.0.1:4222).
import { loadavg } from 'node:os';
import { JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { TENANT_SEQ_HEADER } from '../../src/events/nats/message.ts';
import { BENCH_JWT_SECRET, flag, option } from '../lib/cli.ts';
import { dropDatabase, type BenchDatabase } from '../lib/database.ts';
import { startService, type Started } from '../lib/processes.ts';
import { Tokens } from '../lib/targets.ts';
import { checkChaos, type ChaosRecords, type ChaosVerdict, type CommittedEvent, type StreamMessage } from './check.ts';
import { seeded } from '../../test/helpers/seeded.ts';
import { WebhookReceiver } from './receiver.ts';
import { writeResultsSection } from './results.ts';
import { createEndpoints, freshDatabase, runTag, seedTenants, type SeededTenant } from './world.ts';

export interface ChaosOptions {
  tenants: number;
  /** Members per tenant at the start (besides the owner), and users ready to be added. */
  members: number;
  outsiders: number;
  mutations: number;
  kills: number;
  workers: number;
  failShare: number;
  seed: number;
  catchUpMs: number;
  natsUrl: string;
  keep: boolean;
  /** The PostgreSQL server (default: DATABASE_URL, else the local one). */
  databaseUrl?: string;
  log: (line: string) => void;
}

export const FULL: Omit<ChaosOptions, 'natsUrl' | 'keep' | 'log'> = { tenants: 50, members: 40, outsiders: 40, mutations: 10_000, kills: 3, workers: 16, failShare: 0.1, seed: 20, catchUpMs: 240_000 };
export const QUICK: typeof FULL = { ...FULL, tenants: 10, members: 20, outsiders: 20, mutations: 1_000, kills: 1 };

/** What the driver sent, by outcome as the caller saw it. */
export interface Sent {
  committed: number;
  previews: number;
  refusals: number;
  /** Atomic bulk removals refused as a whole (nothing written). */
  atomicRefusals: number;
  /** Requests cut off by a kill: committed or not, only the database knows. */
  lost: number;
  /** Answers that were none of the above (a 5xx, an unexpected error code): each a violation. */
  unexpected: string[];
  byKind: Record<string, number>;
}

export interface ChaosResult {
  options: Omit<ChaosOptions, 'log'>;
  verdict: ChaosVerdict;
  sent: Sent;
  kills: { atMutation: number; slot: number; restartMs: number }[];
  driveSeconds: number;
  catchUpSeconds: number;
  caughtUp: boolean;
  totalSeconds: number;
  deadLetters: number;
  load: { before: number[]; after: number[] };
  lagMs: { p50: number; p99: number; max: number };
  /** What the verdict was drawn from. */
  records: ChaosRecords;
}

const RETRY_SCALE = '0.002';
const SINK = 'nats-jetstream';

const REMOVE = 'mutation($t: UUID!, $u: UUID!, $d: Boolean) { removeUserFromTenant(tenantId: $t, userId: $u, dryRun: $d) { dryRun } }';
const BULK = 'mutation($t: UUID!, $u: [UUID!]!, $a: Boolean, $d: Boolean) { removeUsersFromTenant(tenantId: $t, userIds: $u, atomic: $a, dryRun: $d) { removedCount refusedCount } }';
const ADD = 'mutation($t: UUID!, $u: UUID!) { addUserToTenant(tenantId: $t, userId: $u) { __typename } }';
const ROLE_ADD = 'mutation($r: UUID!, $u: UUID!) { addUserToRole(roleId: $r, userId: $u) { __typename } }';
const ROLE_REMOVE = 'mutation($r: UUID!, $u: UUID!) { removeUserFromRole(roleId: $r, userId: $u) { __typename } }';

/** The mix, by weight: most mutations commit; previews and bulk previews run the writes and roll
 * them back; refusals and refused atomic batches write nothing. */
const MIX: [Kind, number][] = [
  ['remove', 26],
  ['add', 28],
  ['roleAdd', 13],
  ['roleRemove', 8],
  ['bulkRemove', 4],
  ['preview', 8],
  ['bulkPreview', 5],
  ['refusal', 4],
  ['atomicRefused', 4],
];
type Kind = 'remove' | 'add' | 'roleAdd' | 'roleRemove' | 'bulkRemove' | 'preview' | 'bulkPreview' | 'refusal' | 'atomicRefused';

interface TenantState {
  tenant: SeededTenant;
  token: string;
  members: Set<string>;
  outsiders: Set<string>;
  /** Roles each member holds. */
  held: Map<string, Set<string>>;
  busy: boolean;
  /** A request to it was cut off: read its state from the database before the next. */
  stale: boolean;
}

interface Slot {
  service: Started | null;
  extraEnv: Record<string, string>;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const { log } = options;
  const tag = runTag();
  const load0 = loadavg();
  const random = seeded(options.seed);
  const db: BenchDatabase = await freshDatabase(`tenantry_bench_chaos_${tag}`, options.databaseUrl);
  const stream = `TENANTRY_CHAOS_${tag}`;
  const prefix = `tenantry.chaos_${tag}.events`;
  const receiver = new WebhookReceiver({ failShare: options.failShare, seed: options.seed });
  const pool = new Pool({ ...db.connection, max: 3 });
  pool.on('error', () => undefined);
  const slots: Slot[] = [];
  try {
    await receiver.listen();
    const tenants = await seedTenants(db, { tenants: options.tenants, members: options.members, outsiders: options.outsiders, roles: 4 });
    const endpoints = await createEndpoints(db, tenants, receiver.url);
    for (const [tenantId, { secret }] of endpoints) receiver.register(tenantId, secret);
    log(`seeded ${tenants.length} tenants (${options.members} members and ${options.outsiders} users to add each), one endpoint each; database ${db.name}, stream ${stream}`);

    const extraEnv = {
      NATS_URL: options.natsUrl,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCALE: RETRY_SCALE,
      EVENTS_POLL_MS: '200',
    };
    for (let i = 0; i < 2; i++) slots.push({ service: null, extraEnv });
    await Promise.all(slots.map(async (slot, i) => (slot.service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize: 8, extraEnv: slot.extraEnv, name: `service ${i}` }))));
    log(`2 service processes up (${slots.map((slot) => slot.service!.url).join(', ')})`);

    const tokens = new Tokens(BENCH_JWT_SECRET);
    const states: TenantState[] = [];
    for (const tenant of tenants) {
      states.push({ tenant, token: await tokens.for(tenant.ownerId), members: new Set(tenant.members), outsiders: new Set(tenant.outsiders), held: new Map(), busy: false, stale: false });
    }

    const sent: Sent = { committed: 0, previews: 0, refusals: 0, atomicRefusals: 0, lost: 0, unexpected: [], byKind: {} };
    const kills: ChaosResult['kills'] = [];
    const killAt = Array.from({ length: options.kills }, (_, k) => Math.round((options.mutations * (k + 1)) / (options.kills + 1)));
    const killing: Promise<void>[] = [];
    let issued = 0;

    const kill = async (k: number, atMutation: number) => {
      // Alternating slots: each process dies at least once when there are two kills or more.
      const slotIndex = (k + 1) % 2;
      const slot = slots[slotIndex];
      const victim = slot.service!;
      slot.service = null;
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => (victim.child.exitCode !== null || victim.child.signalCode !== null ? resolve(null) : victim.child.once('exit', resolve)));
      const t0 = Date.now();
      slot.service = await startService({ databaseUrl: db.url, jwtSecret: BENCH_JWT_SECRET, poolSize: 8, extraEnv: slot.extraEnv, name: `service ${slotIndex} (restart ${k + 1})` });
      kills.push({ atMutation, slot: slotIndex, restartMs: Date.now() - t0 });
      log(`  kill ${k + 1}: SIGKILL service ${slotIndex} at mutation ${atMutation}, back in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };

    const pickTenant = (): TenantState | null => {
      const free = states.filter((state) => !state.busy);
      return free.length ? free[Math.floor(random() * free.length)] : null;
    };

    const driveStarted = Date.now();
    const worker = async () => {
      for (;;) {
        if (issued >= options.mutations) return;
        const state = pickTenant();
        if (!state) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          continue;
        }
        const n = issued++;
        const k = killAt.indexOf(n);
        if (k >= 0) killing.push(kill(k, n));
        state.busy = true;
        try {
          if (state.stale) await resync(pool, state);
          const slot = slots[n % 2].service ?? slots[(n + 1) % 2].service;
          if (!slot) throw new Error('no service process is up');
          await mutate(state, slot.url, random, sent);
        } finally {
          state.busy = false;
        }
      }
    };
    await Promise.all(Array.from({ length: options.workers }, worker));
    await Promise.all(killing);
    const driveSeconds = (Date.now() - driveStarted) / 1000;
    log(`drove ${options.mutations} mutations in ${driveSeconds.toFixed(1)} s: ${JSON.stringify(sent.byKind)}; ${sent.committed} committed, ${sent.previews} previews, ${sent.refusals} refusals, ${sent.atomicRefusals} refused atomic batches, ${sent.lost} cut off by a kill, ${sent.unexpected.length} unexpected`);

    // Every cursor caught up: each tenant's endpoint and its JetStream cursor at its last event.
    const catchUpStarted = Date.now();
    let behind = -1;
    while (Date.now() - catchUpStarted < options.catchUpMs) {
      const { rows } = await pool.query<{ behind: number }>(
        `SELECT count(*)::int AS behind FROM tenants t WHERE t.last_event_seq > 0 AND (
           NOT EXISTS (SELECT 1 FROM event_deliveries_cursor c WHERE c.tenant_id = t.id AND c.destination = $1 AND c.last_seq >= t.last_event_seq)
           OR EXISTS (SELECT 1 FROM event_deliveries_cursor c JOIN webhook_endpoints w ON w.id = c.endpoint_id
                      WHERE c.tenant_id = t.id AND w.enabled AND c.last_seq < t.last_event_seq)
           OR EXISTS (SELECT 1 FROM webhook_dead_letters d WHERE d.tenant_id = t.id AND d.replay_at IS NOT NULL))`,
        [SINK],
      );
      behind = rows[0].behind;
      if (behind === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const catchUpSeconds = (Date.now() - catchUpStarted) / 1000;
    log(behind === 0 ? `every cursor caught up ${catchUpSeconds.toFixed(1)} s after the last mutation` : `${behind} tenants still behind after ${catchUpSeconds.toFixed(1)} s`);
    await Promise.all(slots.map((slot) => slot.service?.stop()));

    const committed = (
      await pool.query<{ id: string; tenant_id: string; seq: string }>(`SELECT id, tenant_id, tenant_seq AS seq FROM audit_events WHERE tenant_seq IS NOT NULL`)
    ).rows.map((row): CommittedEvent => ({ id: row.id, tenantId: row.tenant_id, sequence: Number(row.seq) }));
    const deadLetters = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM webhook_dead_letters')).rows[0].n);
    const messages = await readStream(options.natsUrl, stream, prefix);
    const endpointStart = new Map([...endpoints].map(([tenantId, { startSeq }]) => [tenantId, startSeq]));
    const records: ChaosRecords = { committed, endpointStart, arrivals: receiver.arrivals, rejected: receiver.rejected, stream: messages };
    const verdict = checkChaos(records);
    if (sent.unexpected.length) verdict.violations.push({ kind: 'unexpected answer to a mutation', count: sent.unexpected.length, examples: sent.unexpected.slice(0, 5) });
    if (behind !== 0) verdict.violations.push({ kind: 'cursors not caught up in time', count: behind, examples: [`${behind} tenants behind after ${catchUpSeconds.toFixed(0)} s`] });
    if (!options.keep) await deleteStream(options.natsUrl, stream);

    const lags = receiver.arrivals.filter((a) => a.status < 300).map((a) => a.receivedAt - a.occurredAt).sort((a, b) => a - b);
    const at = (q: number) => lags[Math.min(lags.length - 1, Math.max(0, Math.ceil(q * lags.length) - 1))] ?? NaN;
    const { log: _, ...shown } = options;
    return {
      options: shown,
      verdict,
      sent,
      kills,
      driveSeconds,
      catchUpSeconds,
      caughtUp: behind === 0,
      totalSeconds: (Date.now() - started) / 1000,
      deadLetters,
      load: { before: load0, after: loadavg() },
      lagMs: { p50: at(0.5), p99: at(0.99), max: lags.at(-1) ?? NaN },
      records,
    };
  } finally {
    await Promise.all(slots.map((slot) => slot.service?.stop().catch(() => undefined)));
    await receiver.close();
    await pool.end();
    if (!options.keep) await dropDatabase(db).catch((error: unknown) => log(`could not drop ${db.name}: ${String(error)}`));
  }
}

/** One mutation of the mix on one tenant, as its owner; the tenant's state follows the answer. */
async function mutate(state: TenantState, baseUrl: string, random: () => number, sent: Sent): Promise<void> {
  const pickFrom = <T>(values: Iterable<T>): T | undefined => {
    const list = [...values];
    return list.length ? list[Math.floor(random() * list.length)] : undefined;
  };
  const pickSome = (count: number) => {
    const list = [...state.members];
    const chosen: string[] = [];
    while (chosen.length < count && list.length) chosen.push(list.splice(Math.floor(random() * list.length), 1)[0]);
    return chosen;
  };
  let kind = weighted(random);
  // A tenant emptied of members or of users to add turns the other way.
  if (state.members.size < 4 && ['remove', 'bulkRemove', 'preview', 'bulkPreview', 'roleAdd', 'atomicRefused'].includes(kind)) kind = 'add';
  if (kind === 'add' && !state.outsiders.size) kind = 'remove';
  const tenantId = state.tenant.id;
  let query: string;
  let variables: Record<string, unknown>;
  let onCommit = () => {};
  let expect: 'commit' | 'preview' | 'refusal' | 'atomicRefusal' = 'commit';
  const held = (userId: string) => state.held.get(userId) ?? new Set<string>();
  switch (kind) {
    case 'remove':
    case 'preview': {
      const userId = pickFrom(state.members)!;
      query = REMOVE;
      variables = { t: tenantId, u: userId, d: kind === 'preview' };
      if (kind === 'preview') expect = 'preview';
      else onCommit = () => moveOut(state, [userId]);
      break;
    }
    case 'bulkRemove':
    case 'bulkPreview': {
      const userIds = pickSome(kind === 'bulkRemove' ? 2 : 3);
      query = BULK;
      variables = { t: tenantId, u: userIds, a: true, d: kind === 'bulkPreview' };
      if (kind === 'bulkPreview') expect = 'preview';
      else onCommit = () => moveOut(state, userIds);
      break;
    }
    case 'atomicRefused': {
      // The owner cannot be removed: the whole atomic batch is refused.
      query = BULK;
      variables = { t: tenantId, u: [...pickSome(2), state.tenant.ownerId], a: true, d: false };
      expect = 'atomicRefusal';
      break;
    }
    case 'refusal': {
      query = REMOVE;
      variables = { t: tenantId, u: state.tenant.ownerId, d: false };
      expect = 'refusal';
      break;
    }
    case 'add': {
      const userId = pickFrom(state.outsiders)!;
      query = ADD;
      variables = { t: tenantId, u: userId };
      onCommit = () => {
        state.outsiders.delete(userId);
        state.members.add(userId);
      };
      break;
    }
    case 'roleAdd':
    case 'roleRemove': {
      const holders = [...state.members].filter((userId) => held(userId).size > 0);
      if (kind === 'roleRemove' && holders.length) {
        const userId = pickFrom(holders)!;
        const roleId = pickFrom(held(userId))!;
        query = ROLE_REMOVE;
        variables = { r: roleId, u: userId };
        onCommit = () => held(userId).delete(roleId);
        kind = 'roleRemove';
      } else {
        const userId = pickFrom(state.members)!;
        const roleId = pickFrom(state.tenant.roles.filter((role) => !held(userId).has(role)))!;
        if (!roleId) return mutate(state, baseUrl, random, sent);
        query = ROLE_ADD;
        variables = { r: roleId, u: userId };
        onCommit = () => state.held.set(userId, new Set([...held(userId), roleId]));
        kind = 'roleAdd';
      }
      break;
    }
  }
  sent.byKind[kind] = (sent.byKind[kind] ?? 0) + 1;
  let status: number;
  let body: { data?: Record<string, { removedCount?: number; dryRun?: boolean } | null> | null; errors?: { extensions?: { code?: string } }[] };
  try {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    status = response.status;
    body = (await response.json()) as typeof body;
  } catch {
    sent.lost++;
    state.stale = true;
    return;
  }
  const code = body.errors?.[0]?.extensions?.code;
  const payload = body.data ? Object.values(body.data)[0] : null;
  if (status >= 500 || (body.errors && code !== 'BAD_USER_INPUT' && code !== 'NOT_FOUND' && code !== 'CONFLICT')) {
    sent.unexpected.push(`${kind}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
    state.stale = true;
    return;
  }
  if (expect === 'refusal') {
    if (code) sent.refusals++;
    else sent.unexpected.push(`${kind}: the owner's removal was not refused: ${JSON.stringify(body).slice(0, 300)}`);
    return;
  }
  if (expect === 'atomicRefusal') {
    if (payload?.removedCount === 0) sent.atomicRefusals++;
    else sent.unexpected.push(`${kind}: an atomic batch with the owner removed someone: ${JSON.stringify(body).slice(0, 300)}`);
    return;
  }
  if (body.errors) {
    // The driver's view of the tenant was wrong (a request cut off by a kill did commit): read it again.
    sent.refusals++;
    state.stale = true;
    return;
  }
  if (expect === 'preview') {
    sent.previews++;
    return;
  }
  sent.committed++;
  onCommit();
}

function moveOut(state: TenantState, userIds: readonly string[]): void {
  for (const userId of userIds) {
    state.members.delete(userId);
    state.held.delete(userId);
    state.outsiders.add(userId);
  }
}

function weighted(random: () => number): Kind {
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [kind, weight] of MIX) {
    draw -= weight;
    if (draw < 0) return kind;
  }
  return MIX[0][0];
}

/** The tenant's members and role holders as the database has them. */
async function resync(pool: Pool, state: TenantState): Promise<void> {
  const tenantId = state.tenant.id;
  const members = await pool.query<{ user_id: string }>('SELECT user_id FROM memberships WHERE tenant_id = $1 AND user_id <> $2', [tenantId, state.tenant.ownerId]);
  const roles = await pool.query<{ user_id: string; role_id: string }>('SELECT user_id, role_id FROM role_assignments WHERE tenant_id = $1', [tenantId]);
  const everyone = [...state.members, ...state.outsiders];
  state.members = new Set(members.rows.map((row) => row.user_id));
  state.outsiders = new Set(everyone.filter((userId) => !state.members.has(userId)));
  state.held = new Map();
  for (const row of roles.rows) state.held.set(row.user_id, new Set([...(state.held.get(row.user_id) ?? []), row.role_id]));
  state.stale = false;
}

/** Every message of the stream, in stream order (an ordered consumer from its first message). */
export async function readStream(natsUrl: string, stream: string, prefix: string): Promise<StreamMessage[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch(() => null);
    if (!info || info.state.messages === 0) return [];
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages: StreamMessage[] = [];
    const iterator = await consumer.consume();
    for await (const message of iterator) {
      const tenantId = message.subject.slice(prefix.length + 1).split('.')[0];
      messages.push({ msgId: message.headers?.get('Nats-Msg-Id') ?? '', tenantId, sequence: Number(message.headers?.get(TENANT_SEQ_HEADER)) });
      if (message.seq >= info.state.last_seq) break;
    }
    await iterator.close();
    return messages;
  } finally {
    await nc.close();
  }
}

async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    });
  } finally {
    await nc.close();
  }
}

export function renderChaos(result: ChaosResult, command: string): string {
  const { verdict: v, sent, options: o } = result;
  const f1 = (x: number) => x.toFixed(1);
  const ok = v.violations.length === 0;
  const lines = [
    `Command: \`${command}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average (1/5/15 min) ${result.load.before.map(f1).join(' / ')} before, ${result.load.after.map(f1).join(' / ')} after (2 cores, shared with other work).`,
    '',
    `${o.tenants} tenants, 2 service processes (\`src/main.ts\` as \`npm start\` runs it) on PostgreSQL with NATS JetStream (a fresh stream), one webhook endpoint per tenant on a loopback receiver that verifies every delivery with \`standardwebhooks\` and answers 500 to ${Math.round(o.failShare * 100)} % of them (seed ${o.seed}); WEBHOOK_RETRY_SCALE=${RETRY_SCALE}; ${o.workers} concurrent callers.`,
    '',
    '| | |',
    '|---|---|',
    `| mutations sent | ${o.mutations}: ${Object.entries(sent.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')} |`,
    `| answered | ${sent.committed} committed, ${sent.previews} previews (rolled back), ${sent.refusals} refused, ${sent.atomicRefusals} atomic batches refused, ${sent.lost} cut off by a kill, ${sent.unexpected.length} unexpected |`,
    `| SIGKILLs | ${result.kills.length}: ${result.kills.map((k) => `service ${k.slot} at mutation ${k.atMutation} (back in ${f1(k.restartMs / 1000)} s)`).join('; ')} |`,
    `| committed events (audit_events with tenant_seq) | ${v.committed}, of which ${v.expectedAtReceiver} after the endpoints' creation |`,
    `| deliveries at the receiver | ${v.deliveries}: ${v.answered500} answered 500, ${v.duplicates} duplicates (${v.redeliveredAfterSuccess} of an event already answered 2xx) |`,
    `| JetStream messages | ${v.streamMessages} |`,
    `| dead letters | ${result.deadLetters} |`,
    `| commit → delivery at the receiver (from occurredAt, 2xx only) | p50 ${f1(result.lagMs.p50)} ms, p99 ${f1(result.lagMs.p99)} ms, max ${f1(result.lagMs.max)} ms |`,
    `| time | ${f1(result.driveSeconds)} s of mutations, caught up ${f1(result.catchUpSeconds)} s later${result.caughtUp ? '' : ' (NOT caught up)'}, ${f1(result.totalSeconds)} s in all (seeding and start-up included) |`,
    `| verdict | ${ok ? 'no violation' : `${v.violations.reduce((s, x) => s + x.count, 0)} VIOLATIONS`} |`,
    '',
    "Checked: every committed event delivered (2xx) to its endpoint and in JetStream exactly once (by Nats-Msg-Id); no delivery or message of an event that is not committed (previews, single and bulk, write their events and roll back; refusals write nothing); per tenant, the sequence of first-seen events at the receiver is gap-free and in order, and so is the stream's; every duplicate carries the webhook-id first seen for its event; every delivery verified. The lag's tail is the kills': a killed process's claims lapse after 60 s (`LEASE_MS`, src/events/relay/store.ts) before the other process resumes its tenants; for the relay's lag without kills see the next section.",
  ];
  for (const violation of v.violations) lines.push('', `- **${violation.kind}**: ${violation.count}; e.g. ${violation.examples.join('; ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const base = flag('quick') ? QUICK : FULL;
  const number = (name: string, fallback: number) => Number(option(name, String(fallback)));
  const options: ChaosOptions = {
    tenants: number('tenants', base.tenants),
    members: number('members', base.members),
    outsiders: number('outsiders', base.outsiders),
    mutations: number('mutations', base.mutations),
    kills: number('kills', base.kills),
    workers: number('workers', base.workers),
    failShare: number('fail-share', base.failShare),
    seed: number('seed', base.seed),
    catchUpMs: number('catch-up-s', base.catchUpMs / 1000) * 1000,
    natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    keep: flag('keep'),
    log: (line) => console.log(line),
  };
  const result = await runChaos(options);
  const shownArgs = process.argv.slice(2).filter((arg) => arg !== '--write-results');
  const command = `npm run bench:events-chaos${shownArgs.length ? ` -- ${shownArgs.join(' ')}` : ''}`;
  const report = renderChaos(result, command);
  console.log(`\n${report}`);
  if (flag('write-results')) writeResultsSection('Events: chaos run', report);
  process.exitCode = result.verdict.violations.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
