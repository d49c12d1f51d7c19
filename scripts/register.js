'use strict';
/**
 * Runs the TypeScript sources directly, as `node -r ./scripts/register.js src/main.ts` (`npm start`,
 * and every other script of package.json).
 *
 * Why not @swc-node/register: it loads the `typescript` package (9 MB of JavaScript, ~160 ms)
 * on every start only to read tsconfig.json. This compiles with the same compiler and the
 * settings of .swcrc (those Jest uses), decorator metadata included, and keeps each file's output in
 * node_modules/.cache/tenantry/ts, keyed by a hash of the source, its path, the compiler version
 * and .swcrc: an edited file is compiled again, an unchanged one costs a read. There is no build
 * step and nothing to go stale. Stack traces point at the lines of the .ts files.
 *
 * `node scripts/register.js <dir>…` compiles every .ts file under the directories into the cache
 * (postinstall does it for src/, so the first start compiles nothing).
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'tenantry', 'ts');
const SWCRC = fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8');
const SALT = ['register-v1', require('@swc/core/package.json').version, SWCRC].join('\0');

let swc; // @swc/core, loaded on the first file that is not in the cache
let cacheWritable = true;
/** Compiled code of the files loaded so far, for source-map-support (stack traces). */
const compiledFiles = new Map();

function compile(source, filename) {
  const key = createHash('sha1').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  swc ??= require('@swc/core');
  const options = JSON.parse(SWCRC);
  delete options.$schema;
  // .swcrc asks for inline source maps: the code carries its own map, as under swc-node.
  const { code } = swc.transformSync(source, { ...options, filename, swcrc: false, configFile: false });
  if (cacheWritable) {
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // A unique name, then rename: a concurrent reader never sees half a file.
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      cacheWritable = false; // a read-only install compiles on every start, nothing worse
    }
  }
  return code;
}

function register() {
  // (With --enable-source-maps, Node maps the stack traces itself from the inline maps.)
  if (!process.sourceMapsEnabled) {
    require('source-map-support').install({
      environment: 'node',
      handleUncaughtExceptions: false,
      // The compiled code (with its inline map) of our files; other files are read from disk.
      retrieveFile: (file) => compiledFiles.get(file) ?? null,
    });
  }
  const js = Module._extensions['.js'];
  Module._extensions['.ts'] = function loadTypeScript(module, filename) {
    if (filename.includes(`${path.sep}node_modules${path.sep}`)) return js(module, filename);
    const code = compile(fs.readFileSync(filename, 'utf8'), filename);
    compiledFiles.set(filename, code);
    module._compile(code, filename);
  };
}

/** Compiles every .ts file under `dirs` into the cache. A file that does not compile is only
 * counted: an install must not fail on it; loading it shows the error. */
function warm(dirs) {
  const counts = { compiled: 0, failed: 0 };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        try {
          compile(fs.readFileSync(file, 'utf8'), file);
          counts.compiled++;
        } catch {
          counts.failed++;
        }
      }
    }
  };
  for (const dir of dirs) walk(path.resolve(dir));
  return counts;
}

if (require.main === module) {
  const started = Date.now();
  const { compiled, failed } = warm(process.argv.slice(2));
  const failures = failed ? `; ${failed} did not compile (loading them shows why)` : '';
  console.log(`compiled ${compiled} TypeScript files into ${path.relative(process.cwd(), CACHE_DIR)} (${Date.now() - started} ms)${failures}`);
} else {
  register();
}
