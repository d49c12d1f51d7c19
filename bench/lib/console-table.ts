import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/domain/accounts/passwords.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { emailKey } from '../../src/domain/accounts/email-key.ts';
import { launchBrowser, newSession } from '../../test/helpers/browser.ts';
import { freePort, ServiceProcess } from '../../test/helpers/service-process.ts';

/** How long the admin console takes to show the members table of a tenant with 1,000 members
 * (the first page of 50), on localhost, in headless Chromium, against the service started as
 * `npm start` starts it on its embedded database (a data directory of its own, seeded first).
 * Cold: a fresh browser profile holding only the session cookie (nothing cached); warm: pages
 * of the profile that already loaded the console. Also the JavaScript each page downloads. */

export const CONSOLE_MEMBERS = 1_000;
const PASSWORD = 'bench console password';
const SECRET = 'tenantry-console-bench-secret-0123456789abcdef';

export interface ConsoleTable {
  members: number;
  /** ms from navigation start to the 50th row in the DOM (the page's clock), per page load. */
  cold: number[];
  warm: number[];
  /** Bytes of JavaScript on the wire (gzip): the console's sign-in page, and /console/graphiql. */
  consoleJsBytes: number;
  graphiqlJsBytes: number;
}

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
    const emails = Array.from({ length: CONSOLE_MEMBERS - 1 }, (_, i) => `member${String(i).padStart(4, '0')}@bench.test`);
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

/** A fresh browser profile holding `from`'s cookies: signed in, nothing cached. */
async function freshProfile(browser: Browser, baseUrl: string, from: BrowserContext): Promise<BrowserContext> {
  const context = await newSession(browser, baseUrl);
  await context.addCookies(await from.cookies());
  return context;
}

/** Seeds a data directory of its own, starts the service on it, signs the owner in and times
 * `coldRuns` page loads in fresh profiles, then `runs` in one warm profile. */
export async function measureConsoleTable(opts: { runs: number; coldRuns: number }): Promise<ConsoleTable> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenantry-console-bench-'));
  const browser = await launchBrowser();
  try {
    // Seeded through the embedded database directly, before the service opens it.
    const ownerEmail = await seed(dataDir);
    const running = new ServiceProcess('service (console)', { DATA_DIR: dataDir, PORT: String(await freePort()), JWT_SECRET: SECRET, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', APP_ENV: 'development' });
    const baseUrl = await running.started();
    try {
      const context = await newSession(browser, baseUrl);
      const login = await context.request.post('/graphql', {
        data: { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p, setSessionCookie: true) { expiresIn } }', variables: { e: ownerEmail, p: PASSWORD } },
      });
      if (!login.ok()) throw new Error(`login failed: ${await login.text()}`);

      const cold: number[] = [];
      for (let i = 0; i < opts.coldRuns; i++) {
        const fresh = await freshProfile(browser, baseUrl, context);
        cold.push(await timeToTable(await fresh.newPage()));
        await fresh.close();
      }
      await timeToTable(await context.newPage()); // fills the warm profile's cache
      const warm: number[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const page = await context.newPage();
        warm.push(await timeToTable(page));
        await page.close();
      }
      const consoleJsBytes = await scriptBytes(await (await newSession(browser, baseUrl)).newPage(), '/console/', (page) => page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor());
      const graphiqlJsBytes = await scriptBytes(await (await freshProfile(browser, baseUrl, context)).newPage(), '/console/graphiql', (page) =>
        page.getByRole('button', { name: /Execute query/ }).waitFor({ timeout: 60_000 }),
      );
      return { members: CONSOLE_MEMBERS, cold, warm, consoleJsBytes, graphiqlJsBytes };
    } finally {
      await running.stop();
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median, p90, min and max of page-load times. */
export function tableStats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}
