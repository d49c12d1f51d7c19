'use strict';
/**
 * The console build's size lines (scripts/console-build.js prints them from
 * console/dist/size-report.json) and the copy of them in README.md, between
 * <!-- console-size --> and <!-- /console-size -->.
 *
 *   node scripts/console-size.js --write-readme   write the last build's lines into README.md
 *
 * The build never writes README.md itself (an `npm ci` would then leave the work tree changed);
 * test/docs/readme-console-size.test.ts fails when the README's figures differ from the build's
 * by more than their rounding, and says to run the command above.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const REPORT_FILE = path.join(ROOT, 'console', 'dist', 'size-report.json');
const README = path.join(ROOT, 'README.md');
const START = '<!-- console-size -->';
const END = '<!-- /console-size -->';
const BLOCK = new RegExp(`${START}\\n\`\`\`\\n([\\s\\S]*?)\`\`\`\\n${END}`);

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** What a browser downloads, one line per page, as the build prints it. */
function sizeLines(report) {
  const line = (name, part) => `${name.padEnd(9)} JS ${kB(part.js.gzipBytes).padStart(9)} gzip (${kB(part.js.bytes)} raw, ${part.js.files} files), CSS ${kB(part.css.gzipBytes)} gzip`;
  return [line('console', report.console) + ` — budget ${kB(report.budgetGzipBytes)}`, line('graphiql', report.graphiql) + ' — its own page, loaded only when opened (upper bound)'];
}

/** The lines README.md shows, or null when it has no marked block (or there is no README). */
function readmeLines() {
  const readme = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '';
  const match = BLOCK.exec(readme);
  return match ? match[1].trimEnd().split('\n') : null;
}

function writeReadme() {
  const readme = fs.readFileSync(README, 'utf8');
  if (!BLOCK.test(readme)) throw new Error(`README.md has no ${START} block`);
  const lines = sizeLines(JSON.parse(fs.readFileSync(REPORT_FILE, 'utf8')));
  fs.writeFileSync(README, readme.replace(BLOCK, `${START}\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${END}`));
  console.log(`README.md: ${lines[0]}`);
}

module.exports = { REPORT_FILE, kB, sizeLines, readmeLines };

if (require.main === module) {
  if (!process.argv.includes('--write-readme')) {
    console.error('usage: node scripts/console-size.js --write-readme');
    process.exit(2);
  }
  writeReadme();
}
