import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/** `npm install` warns (EBADENGINE) for every installed package whose `engines.node` excludes the
 * running Node. This reads what package-lock.json installs and checks each package against the
 * first release of every Node line package.json supports, and against the Node running the tests,
 * so that a dependency bump that drops a supported line fails here rather than in a user's
 * terminal. */

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The one package that cannot fit Node 20: prisma 7.10.1 (the newest; the CLI runs `prisma
 * generate` at install) pins @prisma/dev 0.24.17, which pins @prisma/streams-local 0.1.11, and
 * every published @prisma/streams-local declares node >=22. Only `prisma dev` loads it; we never
 * run that. */
const KNOWN: Record<string, string> = { 'node_modules/@prisma/streams-local': '>=22.0.0' };

/** The lowest version of each line the range admits: 20.19.0, 22.13.0, 24.0.0. */
const supportedLines = new semver.Range(manifest.engines.node).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version);

function misfits(nodeVersion: string): string[] {
  const found: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const wants = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    if (!path || !wants || semver.satisfies(nodeVersion, wants)) continue;
    if (semver.major(nodeVersion) === 20 && KNOWN[path] === wants) continue;
    found.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${wants}`);
  }
  return found;
}

describe('Node versions', () => {
  it('supports Node 20.19+, 22 and 24', () => {
    expect(supportedLines).toEqual(['20.19.0', '22.13.0', '24.0.0']);
  });

  it.each(supportedLines)('installs no package whose engines exclude Node %s', (version) => {
    expect(misfits(version)).toEqual([]);
  });

  it(`installs no package whose engines exclude the Node running the tests (${process.version})`, () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
    expect(misfits(process.version)).toEqual([]);
  });
});
