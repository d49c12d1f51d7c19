import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp } from '../helpers/app.ts';
import { REPO_ROOT } from '../helpers/service-process.ts';

/** The README's quick start, run as a reader runs it: its ```sh quickstart blocks (shared) and
 * one door's blocks (```sh quickstart-rest or -graphql), in the README's order, in one bash, with
 * BASE pointing at a real server on its own new database. Each block must exit 0, write nothing to
 * stderr, and print every line its `# → ` comments promise, in that order. */

interface Block {
  door: string;
  code: string;
  promised: string[];
}

function quickstartBlocks(): Block[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```sh quickstart(-\w+)?\n([\s\S]*?)^```$/gm)].map(([, door, code]) => ({
    door: door?.slice(1) ?? 'both',
    code,
    promised: [...code.matchAll(/^# → (.*)$/gm)].map(([, line]) => line),
  }));
}

const END = '@@quickstart-block-end';

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The tools the quick start names; .ci/run installs them where missing. */
const missingTools = ['curl', 'jq'].filter((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status !== 0);
const describeWithTools = missingTools.length === 0 ? describe : describe.skip;
if (missingTools.length > 0) console.warn(`README quick start not run: ${missingTools.join(' and ')} not installed (the quick start needs them)`);

describeWithTools('the README quick start', () => {
  const blocks = quickstartBlocks();

  it('has the shared setup and eight steps on each door', () => {
    expect(blocks.filter((block) => block.door === 'both')).toHaveLength(1);
    expect(blocks.filter((block) => block.door === 'rest')).toHaveLength(8);
    expect(blocks.filter((block) => block.door === 'graphql')).toHaveLength(8);
  });

  it.each(['rest', 'graphql'])('runs step by step on the %s door against a new database', async (door) => {
    const steps = blocks.filter((block) => block.door === 'both' || block.door === door);
    const t = await startTestApp();
    try {
      const script = ['set -eo pipefail', ...steps.map((step, index) => `${step.code}\necho ${END} ${index}`)].join('\n');
      const run = await runBash(script, { BASE: t.http.baseUrl });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const outputs = run.stdout.split(new RegExp(`^${END} \\d+\\n`, 'm'));
      steps.forEach((step, index) => {
        const lines = outputs[index].split('\n');
        let from = 0;
        for (const promised of step.promised) {
          const at = lines.indexOf(promised, from);
          expect({ step: step.code, printed: lines, missing: at < 0 ? promised : undefined }).toMatchObject({ missing: undefined });
          from = at + 1;
        }
      });

      // What the steps did, read from the database: bob is a member again, after one removal undone.
      const bob = await t.prisma.user.findUniqueOrThrow({ where: { emailKey: 'bob@example.com' } });
      const actions = await t.prisma.auditEvent.findMany({ where: { targetUserId: bob.id, tenantId: { not: null } }, orderBy: { createdAt: 'asc' }, select: { action: true } });
      expect(actions.map((event) => event.action)).toEqual(['tenant.user_added', 'tenant.user_removed', 'tenant.user_reinstated']);
      expect(await t.prisma.membership.count({ where: { userId: bob.id } })).toBe(1);
    } finally {
      await t.close();
    }
  });
});
