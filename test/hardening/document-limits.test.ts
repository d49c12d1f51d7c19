import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { loadConfig } from '../../src/config.ts';
import { documentLimits } from '../../src/security/armor.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { addMember, assignRole, buildDataset, buildManager, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { TENANT_DASHBOARD } from '../helpers/tenant-dashboard.ts';

/** graphql-armor's depth, cost, alias and directive limits and graphql-js's token limit: refused
 * before anything runs, with a 400; and the dashboard's own queries well inside the defaults. */

const ROOT = join(__dirname, '..', '..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
const defaults = loadConfig({}).graphqlLimits;

/** Every GraphQL document the dashboard and operation tests send: the .graphql files, and the
 * template literals of test/dashboard that parse as a document on their own. */
function dashboardDocuments(): { where: string; source: string }[] {
  const found: { where: string; source: string }[] = [{ where: 'TENANT_DASHBOARD (test/helpers/tenant-dashboard.ts)', source: TENANT_DASHBOARD }];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  for (const dir of ['test/operations', 'test/dashboard']) {
    let files: string[];
    try {
      files = walk(join(ROOT, dir));
    } catch {
      continue; // not there (yet)
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      if (file.endsWith('.graphql')) found.push({ where, source: text });
      else if (file.endsWith('.ts')) {
        for (const [, literal] of text.matchAll(/`([^`]*)`/g)) {
          if (literal.includes('${') || !/^\s*(query|mutation|\{)/.test(literal)) continue;
          try {
            parse(literal);
            found.push({ where, source: literal });
          } catch {
            // not a GraphQL document
          }
        }
      }
    }
  }
  return found;
}

function limitErrors(source: string): string[] {
  const limits = documentLimits(defaults);
  let document: DocumentNode;
  try {
    document = parse(source, limits.parseOptions);
  } catch (error) {
    return [(error as Error).message];
  }
  // Only the limits' verdicts: a document that is invalid for other reasons is not ours to judge.
  if (validate(schema, document, specifiedRules).length) return [];
  return validate(schema, document, limits.validationRules).map((error) => error.message);
}

describe('the dashboard queries under the default limits', () => {
  it('leaves room for the heaviest query (depth 6, cost ~7,000 with its literal page size of 100)', () => {
    expect(defaults).toEqual({ maxDepth: 10, maxCost: 20_000, maxAliases: 15, maxDirectives: 50, maxTokens: 2000 });
    expect(limitErrors(TENANT_DASHBOARD)).toEqual([]);
  });

  it('passes every document of test/operations and test/dashboard', () => {
    const documents = dashboardDocuments();
    expect(documents.length).toBeGreaterThan(5);
    const refused = documents.map(({ where, source }) => ({ where, errors: limitErrors(source) })).filter(({ errors }) => errors.length);
    expect(refused).toEqual([]);
  });

  describe('served in production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ mode: 'production' });
    });
    afterAll(() => t.close());

    it('answers the full dashboard query for a tenant with members, roles, datasets and grants', async () => {
      const p = t.prisma;
      const owner = await buildUser(p);
      const tenant = await buildTenant(p, { owner });
      const manager = await buildUser(p);
      await buildManager(p, tenant, manager);
      const role = await buildRole(p, { tenant, name: 'analyst' });
      const member = await buildUser(p);
      await addMember(p, tenant, member);
      await assignRole(p, role, member);
      await grant(p, { dataset: await buildDataset(p, { owner, tenant }), permission: 'read', user: member });
      const response = await t.http.graphql(TENANT_DASHBOARD, { id: tenant.id }, await tokenFor(owner));
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.tenant.members.totalCount).toBe(3);
    });
  });
});

describe('documents over a limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COST: '40', GRAPHQL_MAX_ALIASES: '2', GRAPHQL_MAX_DIRECTIVES: '2', GRAPHQL_MAX_TOKENS: '120' },
    });
  });
  afterAll(() => t.close());

  async function refused(query: string, code: string, message: RegExp) {
    const user = await buildUser(t.prisma);
    const response = await t.http.graphql(query, {}, await tokenFor(user));
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: { code } })]);
  }

  it('refuses a query deeper than GRAPHQL_MAX_DEPTH, also through fragments', async () => {
    // Depth counts every level down to the leaf: me › memberships › tenant › name is 4.
    await refused('{ me { memberships { tenant { name } } } }', 'GRAPHQL_VALIDATION_FAILED', /depth limit of 3 exceeded, found 4/);
    await refused('{ me { ...M } } fragment M on User { memberships { tenant { name } } }', 'GRAPHQL_VALIDATION_FAILED', /depth limit of 3 exceeded, found 4/);
    expect((await t.http.graphql('{ me { memberships { isOwner } } }', {}, await tokenFor(await buildUser(t.prisma)))).body.errors).toBeUndefined();
  });

  it('refuses a query costlier than GRAPHQL_MAX_COST (a literal page size multiplies)', async () => {
    await refused('{ myTenants { members(first: 100) { totalCount } } }', 'GRAPHQL_VALIDATION_FAILED', /Cost limit of 40 exceeded/);
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    await refused('{ a: me { id } b: me { id } c: me { id } }', 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 2 exceeded, found 3/);
  });

  it('refuses more directives than GRAPHQL_MAX_DIRECTIVES', async () => {
    await refused('{ me { id @include(if: true) email @include(if: true) isActive @skip(if: false) } }', 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 2 exceeded, found 3/);
  });

  it('refuses a document of more than GRAPHQL_MAX_TOKENS tokens while parsing, with a 400 (not a 500)', async () => {
    await refused(`{ me { ${'id '.repeat(150)} } }`, 'GRAPHQL_PARSE_FAILED', /more tha[nt] 120 tokens/);
  });
});
