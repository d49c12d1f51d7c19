import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderSchemaSdl, SCHEMA_FILE } from '../../src/graphql/cli/emit-schema.ts';

describe('schema.graphql', () => {
  it('matches the SDL the resolvers produce (run `npm run schema:emit` after changing the schema)', async () => {
    const emitted = await renderSchemaSdl();
    let committed: string;
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      throw new Error('schema.graphql is missing: run `npm run schema:emit` and commit the file.');
    }
    if (committed !== emitted) {
      throw new Error(
        'schema.graphql is out of date with the type-graphql resolvers: run `npm run schema:emit`, ' +
          'review the diff (and `npm run codegen` if operations changed) and commit it.\n\n' +
          firstDifference(committed, emitted),
      );
    }
  });

  it('has generated operation types in step with it, test/operations and the console (run `npm run codegen` after changing any)', async () => {
    // codegen's own dry run: exits 1 and names the file when what it would write differs.
    const root = join(__dirname, '..', '..');
    const bin = join(root, 'node_modules', '.bin', 'graphql-codegen');
    // Without NODE_ENV=test (which Jest sets): under it codegen hides its validation errors.
    const { NODE_ENV: _jestSets, ...env } = process.env;
    try {
      await promisify(execFile)(bin, ['--config', 'codegen.yml', '--check'], { cwd: root, env, timeout: 60_000 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(
        'test/generated/graphql.ts or console/src/gql/ is stale (or an operation no longer fits schema.graphql): run `npm run codegen` and commit it.\n\n' +
          (stdout + stderr).split('\n').filter((line) => !/^\s*[❯✔]/.test(line)).join('\n'),
      );
    }
  });
});

/** The first differing line, so the failure says what drifted without a full dump. */
function firstDifference(committed: string, emitted: string): string {
  const a = committed.split('\n');
  const b = emitted.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `first difference at line ${i + 1}:\n  committed: ${JSON.stringify(a[i])}\n  emitted:   ${JSON.stringify(b[i])}`;
  }
  return '';
}
