import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/db/connection.ts';
import { TEMPLATE_ENV } from './template.ts';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    await rm(template, { force: true });
    return;
  }
  const admin = new Client(parseDatabaseUrl(url));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
