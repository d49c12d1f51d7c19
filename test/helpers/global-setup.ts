import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseDatabaseUrl, withDatabase } from '../../src/db/connection.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { deployMigrations } from '../../src/db/migrate/deploy.ts';
import { newTemplateDatabaseName, newTemplateFile, TEMPLATE_ENV } from './template.ts';

/** Migrates ONE template database per run; every test file then clones it (~0.4 s embedded,
 * CREATE DATABASE … TEMPLATE on PostgreSQL) instead of migrating its own. */
export default async function globalSetup(): Promise<void> {
  // The browser tests drive the built console: build it if its sources changed (a hash when not).
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'console-build.js')], { stdio: 'inherit' });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const server = parseDatabaseUrl(url);
    const name = newTemplateDatabaseName();
    const admin = new Client(server);
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    await deployMigrations(withDatabase(server, name));
    process.env[TEMPLATE_ENV] = name;
    return;
  }
  const embedded = await startEmbeddedDatabase({ maxConnections: 4 });
  try {
    await deployMigrations(embedded.connection);
    const file = newTemplateFile();
    await writeFile(file, Buffer.from(await (await embedded.dump()).arrayBuffer()));
    process.env[TEMPLATE_ENV] = file;
  } finally {
    await embedded.stop();
  }
}
