// `npm run bench:console`: how long the admin console takes to show the members table of a tenant
// with 1,000 members (the first page of 50), on localhost, in headless Chromium, against the
// service started as `npm start` starts it on its embedded database. Prints the figures; asserts
// nothing. Also: the JavaScript each page actually downloads (bytes on the wire).
//
//   npm run bench:console [-- --runs 15]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { emailKey } from '../../src/domain/accounts/email-key.ts';
import { launchBrowser, newSession } from '../../test/helpers/browser.ts';
import { freePort, ServiceProcess } from '../../test/helpers/service-process.ts';
import { option } from '../lib/cli.ts';

const MEMBERS = 1_000;
const RUNS = Number(option('runs', '15'));
const PASSWORD = 'bench console password';
const SECRET = 'tenantry-console-bench-secret-0123456789abcdef';

async function seed(dataDir: string): Promise<string> {
  const quiet = { info: () => undefined, warn: () => undefined, error: (obj: unknown, msg?: string) => console.error(msg, obj) };
  const db = await openDatabase(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET }).database, quiet);
  try {
    const p = db.prisma;
    const passwordHash = await hashPassword(PASSWORD);
    const ownerEmail = 'owner@bench.test';
    const owner = await p.user.create({ data: { email: ownerEmail, emailKey: emailKey(ownerEmail), passwordHash } });
    const tenant = await p.$transaction(async (tx) => {
      const created = await tx.tenant.create({ data: { name: 'Bench tenant', ownerId: owner.id } });
      await tx.membership.create({ data: { userId: owner.id, tenantId: created.id } });
      await tx.user.update({ where: { id: owner.id }, data: { activeTenantId: created.id } });
      return created;
    });
    const emails = Array.from({ length: MEMBERS - 1 }, (_, i) => `member${String(i).padStart(4, '0')}@bench.test`);
    await p.user.createMany({ data: emails.map((email) => ({ email, emailKey: emailKey(email), passwordHash })) });
    const members = await p.user.findMany({ where: { id: { not: owner.id } }, select: { id: true } });
    await p.membership.createMany({ data: members.map((user) => ({ userId: user.id, tenantId: tenant.id })) });
    // Roles as a real tenant has them: every member holds one or two.
    const roles = await Promise.all(['analysts', 'engineers', 'support', 'admin'].map((name) => p.role.create({ data: { tenantId: tenant.id, name } })));
    await p.roleAssignment.createMany({
      data: members.flatMap((user, i) => [roles[i % 3], ...(i % 10 === 0 ? [roles[3]] : [])].map((role) => ({ roleId: role.id, tenantId: tenant.id, userId: user.id }))),
    });
    return ownerEmail;
  } finally {
    await db.close();
  }
}

/** Milliseconds from navigation start to the 50th row of the table in the DOM (page clock). */
async function timeToTable(page: Page): Promise<number> {
  await page.goto('/console/members', { waitUntil: 'commit' });
  const handle = await page.waitForFunction('document.querySelectorAll("table.members tbody tr").length >= 50 ? performance.now() : false', undefined, { timeout: 60_000, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

async function scriptBytes(page: Page, path: string, ready: (page: Page) => Promise<unknown>): Promise<number> {
  let total = 0;
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'script' || /\.js(\?|$)/.test(request.url())) {
      pending.push(request.sizes().then((sizes) => void (total += sizes.responseBodySize)));
    }
  });
  await page.goto(path);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return total;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenantry-console-bench-'));
  const browser = await launchBrowser();
  try {
    // Seeded through the embedded database directly, before the service opens it.
    const ownerEmail = await seed(dataDir);
    const running = new ServiceProcess('service', { DATA_DIR: dataDir, PORT: String(await freePort()), JWT_SECRET: SECRET, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', APP_ENV: 'development' });
    const baseUrl = await running.started();
    try {
      const context = await newSession(browser, baseUrl);
      const login = await context.request.post('/graphql', {
        data: { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p, setSessionCookie: true) { expiresIn } }', variables: { e: ownerEmail, p: PASSWORD } },
      });
      if (!login.ok()) throw new Error(`login failed: ${await login.text()}`);

      // Cold: a fresh page whose assets are not cached yet (its own context shares the cookie jar only).
      const cold = await timeToTable(await context.newPage());
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await context.newPage();
        warm.push(await timeToTable(page));
        await page.close();
      }
      const consoleJs = await scriptBytes(await (await newSession(browser, baseUrl)).newPage(), '/console/', (page) => page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor());
      const ideContext = await newSession(browser, baseUrl);
      await ideContext.addCookies((await context.cookies()).map((cookie) => ({ ...cookie })));
      const graphiqlJs = await scriptBytes(await ideContext.newPage(), '/console/graphiql', (page) => page.getByRole('button', { name: /Execute query/ }).waitFor({ timeout: 60_000 }));

      const s = stats(warm);
      console.log(`members table, ${MEMBERS} members, first page of 50, headless Chromium on localhost (${RUNS} runs):`);
      console.log(`  cold (empty cache): ${cold.toFixed(0)} ms from navigation to the 50th row`);
      console.log(`  warm: median ${s.median.toFixed(0)} ms, p90 ${s.p90.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`);
      console.log(`JavaScript on the wire: console ${(consoleJs / 1000).toFixed(1)} kB, /console/graphiql ${(graphiqlJs / 1000).toFixed(1)} kB (gzip)`);
    } finally {
      await running.stop();
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
