'use strict';
/**
 * Builds the admin console (console/, React + Vite) into console/dist when its build is missing or
 * out of date, and prints what a browser downloads, gzipped.
 *
 *   node scripts/console-build.js           build if the sources changed (postinstall, prestart, the tests)
 *   node scripts/console-build.js --force   build anyway
 *
 * "Out of date" is judged like scripts/register.js judges compiled TypeScript: a hash of every file
 * under console/ (but dist/), the build settings and the installed versions of the packages the
 * build bundles, kept in console/dist/.build-hash. An unchanged console costs a hash (~50 ms).
 *
 * Sizes (console/dist/size-report.json): "console" is the JavaScript every console page loads (the
 * entry and everything it imports statically; the console has no other lazy chunks), held to
 * BUDGET_GZIP_BYTES, over which the build fails. "graphiql" is every other JavaScript file the
 * build wrote: the GraphiQL page, its editor and workers, and what it loads on demand (formatter,
 * subscriptions client), an upper bound of what opening /console/graphiql downloads.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');
const { REPORT_FILE, kB, readmeLines, sizeLines } = require('./console-size.js');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'console');
const DIST = path.join(SOURCE, 'dist');
const HASH_FILE = path.join(DIST, '.build-hash');
const BUDGET_GZIP_BYTES = 250 * 1000;
/** The packages the build bundles (or builds with): a new version means a new build. */
const BUNDLED = ['vite', 'react', 'react-dom', 'react-router', 'urql', '@urql/core', 'graphql', 'graphiql', '@graphiql/react', '@graphiql/toolkit', 'monaco-editor', 'monaco-graphql'];

function sourceFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== DIST && entry.name !== 'node_modules') files.push(...sourceFiles(full));
    } else files.push(full);
  }
  return files.sort();
}

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

function sourceHash() {
  const hash = createHash('sha256').update('console-build-v3\0');
  for (const file of sourceFiles(SOURCE)) hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  for (const name of BUNDLED) hash.update(`${name}@${installedVersion(name)}\0`);
  hash.update(String(BUDGET_GZIP_BYTES));
  return hash.digest('hex');
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** What the console's pages download (the entry's static closure) and what GraphiQL adds. */
function measure(dist) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const consoleFiles = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || consoleFiles.has(chunk.file)) return;
    consoleFiles.add(chunk.file);
    for (const css of chunk.css ?? []) consoleFiles.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  const gz = (file) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
  const raw = (file) => fs.statSync(path.join(dist, file)).size;
  const all = fs.readdirSync(path.join(dist, 'assets')).filter((name) => !name.endsWith('.gz')).map((name) => `assets/${name}`);
  const sum = (files, size) => files.reduce((total, file) => total + size(file), 0);
  const group = (files) => ({ files: files.length, bytes: sum(files, raw), gzipBytes: sum(files, gz) });
  const js = (file) => file.endsWith('.js');
  const consoleJs = all.filter((file) => js(file) && consoleFiles.has(file));
  const graphiqlJs = all.filter((file) => js(file) && !consoleFiles.has(file));
  return {
    budgetGzipBytes: BUDGET_GZIP_BYTES,
    console: { js: group(consoleJs), css: group(all.filter((file) => file.endsWith('.css') && consoleFiles.has(file))) },
    graphiql: { js: group(graphiqlJs), css: group(all.filter((file) => file.endsWith('.css') && !consoleFiles.has(file))) },
  };
}

/** gzip siblings of the scripts and styles, sent as they are to browsers that accept gzip
 * (@fastify/static's preCompressed): what the report measures is what travels. */
function precompress(dist) {
  const assets = path.join(dist, 'assets');
  for (const name of fs.readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const file = path.join(assets, name);
    fs.writeFileSync(`${file}.gz`, gzipSync(fs.readFileSync(file), { level: 9 }));
  }
}

/** Prints the size lines, and says so when README.md's copy of them has drifted. */
function print(report, state) {
  console.log(`console build (${state}): what a browser downloads`);
  const lines = sizeLines(report);
  for (const line of lines) console.log(`  ${line}`);
  const shown = readmeLines();
  if (shown && shown.join('\n') !== lines.join('\n')) console.log('  README.md shows other figures: `npm run console:size` writes these into it');
}

async function build() {
  const hash = sourceHash();
  const force = process.argv.includes('--force');
  if (!force && readIfExists(HASH_FILE) === hash) {
    const report = readIfExists(REPORT_FILE);
    if (report) print(JSON.parse(report), 'up to date');
    return 0;
  }
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('console build skipped: vite is not installed (an install without dev dependencies); /console will say it is not built.');
    return 0;
  }
  // The console is always built for production: the tests run this with NODE_ENV=test, and Vite
  // would then bundle React's development build (60 kB gzip more, and not what is served).
  process.env.NODE_ENV = 'production';
  // Build beside the live one and swap, so a running server never serves half a build.
  const staging = `${DIST}.staging-${process.pid}`;
  const started = Date.now();
  try {
    await vite.build({ configFile: path.join(SOURCE, 'vite.config.mts'), logLevel: 'warn', build: { outDir: staging } });
    const report = measure(staging);
    precompress(staging);
    fs.writeFileSync(path.join(staging, 'size-report.json'), JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(path.join(staging, '.build-hash'), hash);
    fs.rmSync(DIST, { recursive: true, force: true });
    fs.renameSync(staging, DIST);
    print(report, `built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (report.console.js.gzipBytes > BUDGET_GZIP_BYTES) {
      console.error(`console JS is ${kB(report.console.js.gzipBytes)} gzip, over the ${kB(BUDGET_GZIP_BYTES)} budget`);
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

build().then(
  (code) => process.exit(code),
  (error) => {
    console.error('console build failed:', error);
    process.exit(1);
  },
);
