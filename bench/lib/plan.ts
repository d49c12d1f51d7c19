/** What one bench run does, in full or --quick, and what the seed must prepare for it. Every
 * measured request removes a member prepared for it alone, so the seed allots exactly enough
 * targets per (tenant size, R roles, A dataset permissions). */

export type SizeClass = 'xs' | 'm' | 'xl';
export type Door = 'floor' | 'graphql' | 'rest';
export const DOORS: Door[] = ['floor', 'graphql', 'rest'];

export interface Profile {
  roles: number;
  perms: number;
}

export const profileName = (p: Profile) => `R${p.roles}/A${p.perms}`;

/** Tenant sizes: members that stay throughout (owner, manager, bystanders); targets come on top. */
export const SIZES: Record<SizeClass, { members: number; label: string }> = {
  xs: { members: 10, label: '10 members' },
  m: { members: 1_000, label: '1,000 members' },
  xl: { members: 100_000, label: '100,000 members' },
};

/** Where the main matrix's concurrent removals go: all into the 100,000-member tenant (they
 * queue on its row lock, by design: every membership write in a tenant takes it), or spread
 * round-robin over the 1,000-member tenants (no two concurrent removals share a tenant lock). */
export type Scenario = 'one-tenant' | 'many-tenants';
export const SCENARIOS: Record<Scenario, { size: SizeClass; label: string }> = {
  'one-tenant': { size: 'xl', label: 'one tenant (100,000 members)' },
  'many-tenants': { size: 'm', label: 'many tenants (1,000 members each)' },
};

export interface Plan {
  mode: 'full' | 'quick';
  scenarios: Scenario[];
  /** Main matrix, per scenario, profile MAIN_PROFILE. */
  concurrency: number[];
  /** Removals per (door, concurrency, round). */
  requestsAt: Record<number, number>;
  /** Interleaved rounds of the main matrix (floor, GraphQL, REST back to back), medians reported. */
  rounds: number;
  /** Warm-up removals per door before anything is measured (JIT, pool connections). */
  warmup: number;
  /** Removals per (door, size) at 1 client for the tenant-size comparison. */
  sizeRequests: number;
  /** Removals per (door, profile) at 1 client in the 100,000-member tenant. */
  grantRequests: number;
  grantProfiles: Profile[];
  /** Removals counted statement by statement through the wire proxy, per door. */
  countRequests: number;
  /** Removals driven through a fresh service while its RSS is sampled. */
  memoryRemovals: number;
  memoryWarmup: number;
  /** Starts on the embedded database: fresh data directory and existing one. */
  startupRuns: { fresh: number; existing: number };
  /** Removals per door for the optional CPU profile (--profile). */
  profileRequests: number;
  /** Datasets in the 100,000-member tenant. */
  xlDatasets: number;
  /** Wall-clock cap per load run, seconds (a run stops there whatever it has done). */
  runCapSeconds: number;
  /** Dashboard reads (lib/reads.ts): rounds (floor and GraphQL back to back, order rotated) and
   * requests per run at 1 and 16 clients. */
  readRounds: number;
  readRequestsAt: Record<number, number>;
  /** Requests per read case and server counted statement by statement. */
  readCountRequests: number;
  /** Removals with and without an Idempotency-Key (many tenants): rounds, removals per run at
   * 16 clients, and keyed removals then their replays at 1 client. */
  idemRounds: number;
  idemRequestsAt: Record<number, number>;
  /** Audit trail page (lib/audit.ts): interleaved rounds, requests per (variant, tenant) and
   * round at 1 client, requests per case counted on the wire. */
  auditRounds: number;
  auditRequests: number;
  auditCountRequests: number;
  /** Preview (dryRun) against the real removal, 100,000-member tenant, 1 client: rounds and
   * requests per run (each preview and each removal a target of its own). */
  previewRounds: number;
  previewRequests: number;
  /** Bulk removal (lib/bulk.ts): calls of BULK_USERS users, each with a single-removal run of
   * bulkSingleRequests beside it (1 client). */
  bulkRepetitions: number;
  bulkSingleRequests: number;
  /** Console members table (lib/console-table.ts): page loads with a warm and a cold cache. */
  consoleRuns: number;
  consoleColdRuns: number;
}

export const MAIN_PROFILE: Profile = { roles: 10, perms: 10 };
/** Users per bulk removal call, and the smaller calls its statement count is compared with. */
export const BULK_USERS = 1_000;
export const BULK_COUNTED = [10, 100, BULK_USERS];
/** Removals and previews each door sends before a section measures (JIT, pool connections). */
export const SECTION_WARMUP = 50;
/** Previews and removals counted statement by statement (each after one uncounted). */
export const PREVIEW_COUNTED = 3;
export const MEMORY_PROFILE: Profile = { roles: 1, perms: 1 };

const allGrantProfiles: Profile[] = [1, 10, 100].flatMap((roles) => [1, 10, 100].map((perms) => ({ roles, perms })));

export function makePlan(quick: boolean): Plan {
  if (quick) {
    return {
      mode: 'quick',
      scenarios: ['one-tenant', 'many-tenants'],
      concurrency: [1, 4, 16],
      requestsAt: { 1: 150, 4: 300, 16: 600 },
      rounds: 1,
      warmup: 200,
      sizeRequests: 150,
      grantRequests: 80,
      grantProfiles: [
        { roles: 1, perms: 1 },
        { roles: 100, perms: 1 },
        { roles: 1, perms: 100 },
        { roles: 100, perms: 100 },
      ],
      countRequests: 10,
      memoryRemovals: 2_000,
      memoryWarmup: 300,
      startupRuns: { fresh: 1, existing: 2 },
      profileRequests: 300,
      xlDatasets: 10_000,
      runCapSeconds: 60,
      readRounds: 1,
      readRequestsAt: { 1: 100, 16: 500 },
      readCountRequests: 3,
      idemRounds: 1,
      idemRequestsAt: { 1: 100, 16: 300 },
      auditRounds: 1,
      auditRequests: 40,
      auditCountRequests: 2,
      previewRounds: 2,
      previewRequests: 100,
      bulkRepetitions: 7,
      bulkSingleRequests: 50,
      consoleRuns: 5,
      consoleColdRuns: 3,
    };
  }
  return {
    mode: 'full',
    scenarios: ['one-tenant', 'many-tenants'],
    concurrency: [1, 4, 16],
    requestsAt: { 1: 300, 4: 1_000, 16: 2_000 },
    rounds: 5,
    warmup: 500,
    sizeRequests: 1_000,
    grantRequests: 150,
    grantProfiles: allGrantProfiles,
    countRequests: 20,
    memoryRemovals: 10_000,
    memoryWarmup: 1_000,
    startupRuns: { fresh: 3, existing: 3 },
    profileRequests: 1_000,
    xlDatasets: 10_000,
    runCapSeconds: 120,
    readRounds: 3,
    readRequestsAt: { 1: 300, 16: 1_000 },
    readCountRequests: 5,
    idemRounds: 3,
    idemRequestsAt: { 1: 300, 16: 1_000 },
    auditRounds: 3,
    auditRequests: 50,
    auditCountRequests: 3,
    previewRounds: 5,
    previewRequests: 300,
    bulkRepetitions: 20,
    bulkSingleRequests: 100,
    consoleRuns: 15,
    consoleColdRuns: 5,
  };
}

export interface Allotment {
  size: SizeClass;
  profile: Profile;
  count: number;
}

const EXPLAIN_SPARE = 4;
export const PROFILE_WARMUP = 200; // a few spare targets per (size, profile) for EXPLAIN and slack

/** Targets the seed must prepare for `plan`. */
export function allotments(plan: Plan): Allotment[] {
  const doors = DOORS.length;
  const main = plan.rounds * plan.concurrency.reduce((sum, c) => sum + plan.requestsAt[c], 0);
  // size and grant cells are split over rounds (run.ts), each part rounded up
  const sizeTotal = plan.rounds * Math.ceil(plan.sizeRequests / plan.rounds);
  const grantRounds = Math.min(plan.rounds, 2);
  const grantTotal = grantRounds * Math.ceil(plan.grantRequests / grantRounds);
  const list: Allotment[] = [
    // warm-up and statement counting also draw from the big tenant
    { size: 'xl', profile: MAIN_PROFILE, count: doors * (plan.warmup + plan.countRequests + 1) + 2 * PROFILE_WARMUP + 2 * plan.profileRequests + EXPLAIN_SPARE },
    { size: 'xl', profile: MAIN_PROFILE, count: doors * sizeTotal },
    { size: 'm', profile: MAIN_PROFILE, count: doors * sizeTotal + EXPLAIN_SPARE },
    { size: 'xs', profile: MAIN_PROFILE, count: doors * sizeTotal + EXPLAIN_SPARE },
    { size: 'xl', profile: MEMORY_PROFILE, count: plan.memoryRemovals + plan.memoryWarmup + EXPLAIN_SPARE },
  ];
  for (const scenario of plan.scenarios) list.push({ size: SCENARIOS[scenario].size, profile: MAIN_PROFILE, count: doors * main });
  // Idempotency: GraphQL and legacy, keyed and not, per round at 16 clients; keyed at 1 client.
  list.push({ size: 'm', profile: MAIN_PROFILE, count: 2 * (2 * plan.idemRounds * plan.idemRequestsAt[16] + plan.idemRequestsAt[1]) + EXPLAIN_SPARE });
  // Preview against removal: each preview and each removal a target of its own, after a warm-up.
  list.push({ size: 'xl', profile: MAIN_PROFILE, count: 2 * (plan.previewRounds * plan.previewRequests + SECTION_WARMUP) + 2 + PREVIEW_COUNTED });
  // Bulk: a warm-up (singles and one small call), the measured calls with singles beside each,
  // the counted calls after one uncounted, one single counted after one uncounted, and the
  // fresh targets the largest call's EXPLAIN replays on.
  const bulkCounted = BULK_COUNTED[0] + BULK_COUNTED.reduce((sum, n) => sum + n, 0) + 2 + BULK_USERS;
  list.push({ size: 'xl', profile: MAIN_PROFILE, count: SECTION_WARMUP + BULK_COUNTED[0] + plan.bulkRepetitions * (BULK_USERS + plan.bulkSingleRequests) + bulkCounted });
  for (const profile of plan.grantProfiles) list.push({ size: 'xl', profile, count: doors * grantTotal + EXPLAIN_SPARE });
  // Merge duplicates (e.g. a grant profile equal to the main or memory profile).
  const merged = new Map<string, Allotment>();
  for (const a of list) {
    const key = `${a.size}:${profileName(a.profile)}`;
    const seen = merged.get(key);
    if (seen) seen.count += a.count;
    else merged.set(key, { ...a });
  }
  return [...merged.values()];
}

/** Targets per tenant in each size class (xl is one tenant holding all of its targets). */
export const TARGETS_PER_TENANT: Record<Exclude<SizeClass, 'xl'>, number> = { xs: 2, m: 250 };
