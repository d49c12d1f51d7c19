import { relative } from 'node:path';
import { ensureTemplate } from '../embedded-template.ts';

/** `npm run db:template` (run by postinstall): builds the migrated template new embedded data
 * directories are copied from, so the first `npm start` does not run initdb and every migration.
 * A start that finds it missing or out of date builds it itself, so a failure here only warns. */
async function main(): Promise<void> {
  const started = Date.now();
  const dir = await ensureTemplate();
  console.log(`embedded database template: ${relative(process.cwd(), dir)} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.warn(`warning: no embedded database template (${error instanceof Error ? error.message : String(error)}); the first start on a new data directory will build it`);
});
