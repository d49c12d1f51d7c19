import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, Kind, parse, type FieldNode } from 'graphql';
import { auditSource, fragmentsSource, indexSource } from '../../src/operations/cli/generate.ts';
import { LEGACY_ROUTES, operations } from '../../src/operations/registry.ts';
import { rowsOf } from '../authorization/operation-rows.ts';
import { startTestApp } from '../helpers/app.ts';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const schema = buildSchema(read('schema.graphql'));

describe('the operation registry (src/operations/)', () => {
  it('has its generated files in step with the modules (run `npm run operations:generate`)', async () => {
    expect(read('src/operations/index.ts')).toBe(indexSource());
    expect(read('src/domain/audit/audit-actions.generated.ts')).toBe(await auditSource());
    expect(read('console/src/generated/fragments.ts')).toBe(await fragmentsSource());
  });

  it('declares every root field of the schema in exactly one module', () => {
    const declared = operations.map((operation) => `${operation.on}.${operation.field}`);
    expect(new Set(declared).size).toBe(declared.length);
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((root) => Object.keys(root.getFields()).map((field) => `${root.name}.${field}`));
    expect(roots.filter((field) => !declared.includes(field))).toEqual([]);
    expect(declared.filter((field) => field.startsWith('Query.') || field.startsWith('Mutation.')).filter((field) => !roots.includes(field))).toEqual([]);
  });

  it('gives every operation authorization examples the matrix can run', () => {
    for (const operation of operations) expect(rowsOf(operation).length).toBeGreaterThan(0);
  });

  it("has each legacy route run its own module's field", () => {
    for (const operation of operations) {
      for (const route of operation.routes ?? []) {
        const ast = getOperationAST(parse(route.operation))!;
        const fields: string[] = [];
        const walk = (node: FieldNode) => {
          fields.push(node.name.value);
          for (const child of node.selectionSet?.selections ?? []) if (child.kind === Kind.FIELD) walk(child);
        };
        for (const selection of ast.selectionSet.selections) if (selection.kind === Kind.FIELD) walk(selection);
        expect([route.url, fields.includes(operation.field)]).toEqual([route.url, true]);
      }
    }
    expect(LEGACY_ROUTES.length).toBe(operations.reduce((sum, operation) => sum + (operation.routes?.length ?? 0), 0));
  });

  it('starts every root field of the registry at zero in /metrics', async () => {
    const t = await startTestApp({ mode: 'production', env: { METRICS_TOKEN: 'registry-metrics-token-0123456789' } });
    try {
      const text = (await t.http.get('/metrics', { headers: { authorization: 'Bearer registry-metrics-token-0123456789' } })).body as string;
      for (const operation of operations.filter((candidate) => candidate.on === 'Query' || candidate.on === 'Mutation')) {
        expect([operation.field, text.includes(`tenantry_graphql_root_fields_total{type="${operation.on.toLowerCase()}",field="${operation.field}",outcome="OK"`)]).toEqual([operation.field, true]);
      }
    } finally {
      await t.close();
    }
  });
});
