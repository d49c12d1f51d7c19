import { createHash, randomBytes } from 'node:crypto';
import { constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedDatabase } from './embedded.ts';
import { deployMigrations } from './migrate/deploy.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from './migrate/migrations-dir.ts';

/** A new embedded database starts as a copy of a migrated template: creating a cluster (initdb)
 * and migrating it take ~2.5 s of PGlite, copying a migrated one (~40 MB in ~1,000 files)
 * 0.1–1 s, depending on how fast the disk creates files. The template is a
 * cleanly closed PGlite data directory, built by `npm run db:template` (postinstall) or by the
 * first start that needs it, and named by a hash of the PGlite version and of every migration
 * (name and checksum): a changed, added or removed migration names another template, so a copy
 * never has a stale schema. Its `_prisma_migrations` rows come along, so the migration runner
 * finds the copy up to date (and applies whatever it would apply anyway). */

/** node_modules/.cache: git-ignored, emptied by `npm ci`, whose postinstall builds it again. */
const DEFAULT_TEMPLATE_CACHE_DIR = path.resolve(__dirname, '../../node_modules/.cache/tenantry/embedded-templates');
const FORMAT = 'tenantry-embedded-template-v1';
const STALE_BUILD_MS = 60 * 60_000;

export interface TemplateOptions {
  /** Default `node_modules/.cache/tenantry/embedded-templates`. */
  cacheDir?: string;
  /** Default `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  log?: (line: string) => void;
}

/** The template's directory for the current PGlite and migrations (it may not exist yet). */
export function templatePath(options: Pick<TemplateOptions, 'cacheDir' | 'migrationsDir'> = {}): string {
  const hash = createHash('sha256').update(FORMAT).update('\0').update(pgliteVersion());
  for (const migration of readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR)) {
    hash.update('\0').update(migration.name).update('\0').update(migration.checksum);
  }
  return path.join(options.cacheDir ?? DEFAULT_TEMPLATE_CACHE_DIR, `pg-${hash.digest('hex').slice(0, 32)}`);
}

/** Returns the template's directory, building it first when it is missing (~3 s).
 * @throws when PGlite or a migration fails, or the cache directory cannot be written. */
export async function ensureTemplate(options: TemplateOptions = {}): Promise<string> {
  const target = templatePath(options);
  if (existsSync(target)) return target;
  const cacheDir = path.dirname(target);
  await mkdir(cacheDir, { recursive: true });
  options.log?.(`building the migrated template for new embedded databases in ${cacheDir} (once per set of migrations)`);
  // Built aside and renamed into place: a template that exists is complete.
  const build = path.join(cacheDir, `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const embedded = await startEmbeddedDatabase({ dataDir: build, maxConnections: 2 });
    try {
      await deployMigrations(embedded.connection, { migrationsDir: options.migrationsDir, log: () => {} });
    } finally {
      await embedded.stop(); // a clean shutdown: a copy opens without recovery
    }
    try {
      renameSync(build, target);
    } catch (error) {
      if (!existsSync(target)) throw error; // else another process stored the same template first
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  removeOtherTemplates(cacheDir, target);
  return target;
}

/** True when `dataDir` holds no database yet: missing or an empty directory. */
export function isNewDataDir(dataDir: string): boolean {
  try {
    return readdirSync(dataDir).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Creates `dataDir` as a copy of `template`, all or nothing: copied aside, then renamed.
 * @throws when the copy fails (nothing is left behind) or `dataDir` is not new. */
export function copyTemplate(template: string, dataDir: string): void {
  const copy = `${dataDir}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    // A clone where the file system can (btrfs, XFS, APFS), else a plain copy (~40 MB).
    cpSync(template, copy, { recursive: true, mode: constants.COPYFILE_FICLONE });
    if (existsSync(dataDir)) rmdirSync(dataDir); // an empty directory (isNewDataDir); rmdir refuses any other
    renameSync(copy, dataDir);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Templates of other migrations or PGlite versions, and builds abandoned an hour ago. Best effort. */
function removeOtherTemplates(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const entry = path.join(cacheDir, name);
    if (entry === keep) continue;
    try {
      if (name.startsWith('pg-') || (name.startsWith('.build-') && Date.now() - statSync(entry).mtimeMs > STALE_BUILD_MS)) {
        rmSync(entry, { recursive: true, force: true });
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
}

let cachedVersion: string | undefined;

/** The installed PGlite's version (its package.json is not in its exports map). */
function pgliteVersion(): string {
  if (cachedVersion) return cachedVersion;
  for (let dir = path.dirname(require.resolve('@electric-sql/pglite')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return (cachedVersion = pkg.version);
  }
  throw new Error('cannot find the version of @electric-sql/pglite');
}
