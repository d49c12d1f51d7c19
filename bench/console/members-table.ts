// `npm run bench:console`: how long the admin console takes to show the members table of a tenant
// with 1,000 members (the first page of 50), on localhost, in headless Chromium, against the
// service started as `npm start` starts it on its embedded database. Prints the figures; asserts
// nothing. Also: the JavaScript each page actually downloads (bytes on the wire). The same
// measurement is the `console` section of `npm run bench` (bench/lib/console-table.ts).
//
//   npm run bench:console [-- --runs 15 --cold 3]
import { option } from '../lib/cli.ts';
import { measureConsoleTable, tableStats } from '../lib/console-table.ts';

async function main(): Promise<void> {
  const runs = Number(option('runs', '15'));
  const coldRuns = Number(option('cold', '3'));
  const t = await measureConsoleTable({ runs, coldRuns });
  const cold = tableStats(t.cold);
  const warm = tableStats(t.warm);
  console.log(`members table, ${t.members} members, first page of 50, headless Chromium on localhost:`);
  console.log(`  cold (fresh profile, empty cache; ${coldRuns} runs): median ${cold.median.toFixed(0)} ms from navigation to the 50th row (min ${cold.min.toFixed(0)}, max ${cold.max.toFixed(0)})`);
  console.log(`  warm (${runs} runs): median ${warm.median.toFixed(0)} ms, p90 ${warm.p90.toFixed(0)} ms (min ${warm.min.toFixed(0)}, max ${warm.max.toFixed(0)})`);
  console.log(`JavaScript on the wire: console ${(t.consoleJsBytes / 1000).toFixed(1)} kB, /console/graphiql ${(t.graphiqlJsBytes / 1000).toFixed(1)} kB (gzip)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
