import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { addMember, assignRole, buildDataset, buildRole, buildTenant, grant } from '../factories/tenancy.ts';
import { buildUser, DEFAULT_PASSWORD } from '../factories/users.ts';
import { startTestApp, TEST_JWT, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newSession, screenshot, seriousViolations } from '../helpers/browser.ts';

/** The admin console in a real browser (Debian's Chromium), against a real server on its own
 * embedded database: an owner's session through every page, a plain member's, and GraphiQL.
 * axe-core checks each page; with CONSOLE_SCREENSHOTS=1 each page is photographed for the README. */

let t: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof arrange>>;

async function arrange(app: TestApp) {
  const p = app.prisma;
  const owner = await buildUser(p, { email: 'alex.owner@acme.test' });
  const tenant = await buildTenant(p, { owner, name: 'Acme Analytics', activate: true });
  const other = await buildTenant(p, { owner, name: 'Beta Labs' });
  const analysts = await buildRole(p, { tenant, name: 'analysts' });
  const admins = await buildRole(p, { tenant, name: 'admin', capabilities: ['MANAGE_USERS'] });
  const carol = await buildUser(p, { email: 'carol.chen@acme.test' });
  const dave = await buildUser(p, { email: 'dave.diaz@acme.test' });
  const erin = await buildUser(p, { email: 'erin.evans@acme.test' });
  for (const user of [carol, dave, erin]) await addMember(p, tenant, user, { activate: true });
  await assignRole(p, analysts, carol);
  await assignRole(p, admins, erin);
  const sales = await buildDataset(p, { owner, tenant, name: 'sales-2026' });
  const churn = await buildDataset(p, { owner: carol, tenant, name: 'churn-model' });
  await grant(p, { dataset: sales, permission: 'read', user: carol });
  await grant(p, { dataset: sales, permission: 'write', user: carol });
  await grant(p, { dataset: sales, permission: 'read', role: analysts });
  await grant(p, { dataset: churn, permission: 'read', tenant });
  const notes = await buildDataset(p, { owner: erin, tenant, name: 'erin-notes' });
  await grant(p, { dataset: notes, permission: 'read', tenant });
  await grant(p, { dataset: sales, permission: 'read', user: erin });
  // Enough members for a second page (50 a page).
  const hash = (await p.user.findUniqueOrThrow({ where: { id: carol.id } })).passwordHash;
  const many = Array.from({ length: 52 }, (_, i) => ({ email: `member${String(i).padStart(2, '0')}@bulk.test`, emailKey: `member${String(i).padStart(2, '0')}@bulk.test`, passwordHash: hash }));
  await p.user.createMany({ data: many });
  const created = await p.user.findMany({ where: { email: { endsWith: '@bulk.test' } }, select: { id: true } });
  await p.membership.createMany({ data: created.map((user) => ({ userId: user.id, tenantId: tenant.id })) });
  return { owner, tenant, other, analysts, carol, dave, erin, sales, churn };
}

beforeAll(async () => {
  t = await startTestApp();
  world = await arrange(t);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/console/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEFAULT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  return page;
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe("the owner's session", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newSession(browser, t.http.baseUrl);
  });
  afterAll(() => context.close());

  it('signs in from the sign-in page and holds the session in an httpOnly, SameSite=Strict cookie as long as the token lives', async () => {
    const signInPage = await context.newPage();
    await signInPage.goto('/console/');
    await signInPage.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor();
    await expectAccessible(signInPage);
    await screenshot(signInPage, 'sign-in');
    await signInPage.getByLabel('Password').fill('wrong password');
    await signInPage.getByLabel('Email').fill(world.owner.email);
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(signInPage.getByRole('alert').textContent()).resolves.toBe('That email and password do not match an active account.');
    await signInPage.close();

    page = await signIn(context, world.owner.email);
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE)!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/graphql', secure: false });
    expect(session.expires - Date.now() / 1000).toBeGreaterThan(TEST_JWT.ttlSeconds - 60);
    expect(session.expires - Date.now() / 1000).toBeLessThanOrEqual(TEST_JWT.ttlSeconds + 1);
    // Page scripts cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain(SESSION_COOKIE);
  });

  it('shows the members table: 50 a page, role chips, the owner marked, and pages on by cursor', async () => {
    await page.getByRole('heading', { name: 'Members of Acme Analytics' }).waitFor();
    const rows = page.locator('table.members tbody tr');
    await expect(page.getByText('56 members').waitFor()).resolves.toBeUndefined();
    expect(await rows.count()).toBe(50);
    const carolRow = rows.filter({ hasText: world.carol.email });
    expect(await carolRow.locator('.chip').allTextContents()).toEqual(['analysts']);
    expect(await rows.filter({ hasText: world.owner.email }).locator('.chip.owner').textContent()).toBe('Owner');
    expect(await rows.filter({ hasText: world.owner.email }).getByRole('button', { name: /Remove/ }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'members');

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await page.waitForFunction('document.querySelectorAll("table.members tbody tr").length === 6');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1').waitFor();
  });

  it('finds a member by the start of their email and opens their roles, direct dataset permissions and datasets owned', async () => {
    await page.getByLabel('Search by email').fill('CAROL');
    await page.getByText('1 member matching “CAROL”').waitFor();
    await page.getByRole('link', { name: world.carol.email }).click();
    await page.getByRole('heading', { name: world.carol.email }).waitFor();
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    const roles = page.locator('section[aria-labelledby="roles-heading"] .chip');
    await roles.first().waitFor();
    expect(await roles.allTextContents()).toEqual(['analysts']);
    // Everything she holds in the tenant, her grants on the dataset she owns included (the
    // owner cannot share that one): what a removal would take, as the preview lists it.
    const permissions = page.locator('section[aria-labelledby="permissions-heading"] tbody tr');
    await permissions.first().waitFor();
    const shown = await permissions.allTextContents();
    expect(shown).toEqual(['churn-modelREAD', 'churn-modelWRITE', 'churn-modelDELETE', 'churn-modelSHARE', 'sales-2026READ', 'sales-2026WRITE']);
    await page.getByRole('heading', { name: 'Direct dataset permissions (6)' }).waitFor();
    expect(await page.locator('section[aria-labelledby="owned-heading"] li').allTextContents()).toEqual(['churn-model']);
    await expectAccessible(page);
    await screenshot(page, 'member');

    await page.getByRole('button', { name: `Remove ${world.carol.email}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Direct dataset permissions that go (${shown.length})` }).waitFor();
    const previewed = await dialog.getByRole('list', { name: 'Dataset permissions' }).getByRole('listitem').allTextContents();
    expect(previewed).toEqual(shown.map((row) => row.replace(/^(.*?)(READ|WRITE|DELETE|SHARE)$/, '$2 on $1')));
    expect(await dialog.getByRole('list', { name: 'Datasets that stay' }).getByRole('listitem').allTextContents()).toEqual(['churn-model']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('creates a role with MANAGE_USERS, gives it to a member, and deletes it', async () => {
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { name: 'Roles of Acme Analytics' }).waitFor();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Create a role' }) });
    await form.getByLabel('Name').fill('auditors');
    await form.getByLabel('Description').fill('Read the audit log');
    await form.getByLabel('Can manage users (MANAGE_USERS)').check();
    await form.getByRole('button', { name: 'Create role' }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'auditors' }) });
    await card.waitFor();
    expect(await card.getByLabel('Can manage users (MANAGE_USERS)').isChecked()).toBe(true);
    await card.getByLabel('Give auditors to (email)').fill(world.dave.email);
    await card.getByRole('button', { name: 'Add' }).click();
    await card.getByText('1 member', { exact: true }).waitFor();
    await card.getByText(world.dave.email).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'roles');
    const role = await t.prisma.role.findFirstOrThrow({ where: { tenantId: world.tenant.id, name: 'auditors' }, include: { assignments: true } });
    expect(role.capabilities).toEqual(['MANAGE_USERS']);
    expect(role.assignments.map((a) => a.userId)).toEqual([world.dave.id]);

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Delete role auditors' }).click();
    await card.waitFor({ state: 'detached' });
    expect(await t.prisma.role.count({ where: { id: role.id } })).toBe(0);
  });

  it("grants and revokes a permission on a dataset's grants", async () => {
    await page.getByRole('link', { name: 'Datasets' }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'sales-2026' }) });
    await card.waitFor();
    await card.getByLabel('Email', { exact: true }).fill(world.dave.email);
    await card.getByLabel('Permission', { exact: true }).selectOption('WRITE');
    await card.getByRole('button', { name: 'Grant' }).click();
    await card.getByRole('button', { name: `Revoke WRITE from ${world.dave.email}` }).waitFor();
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: world.sales.id, userId: world.dave.id, permission: 'write' } })).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'datasets');
    await card.getByRole('button', { name: `Revoke WRITE from ${world.dave.email}` }).click();
    await card.getByRole('button', { name: `Revoke WRITE from ${world.dave.email}` }).waitFor({ state: 'detached' });
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: world.sales.id, userId: world.dave.id } })).toBe(0);
  });

  it('creates an API key, shown once, and revokes it', async () => {
    await page.getByRole('link', { name: 'My API keys' }).click();
    await page.getByLabel('Name').fill('ci pipeline');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent())!;
    const me = await t.http.get('/api/v1/auth/me', { auth: { apiKey: key } });
    expect(me.body.email).toBe(world.owner.email);
    await expectAccessible(page);
    await screenshot(page, 'api-keys');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke key ci pipeline' }).click();
    await page.getByText(/^revoked/).waitFor();
    expect((await t.http.get('/api/v1/auth/me', { auth: { apiKey: key } })).status).toBe(401);
  });

  it('switches tenant, to personal and back', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Personal (no tenant)' });
    await page.getByText('You are working in your personal space.').waitFor();
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: world.owner.id } })).activeTenantId).toBeNull();
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Beta Labs' });
    await page.getByRole('heading', { name: 'Members of Beta Labs' }).waitFor();
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Acme Analytics' });
    await page.getByRole('heading', { name: 'Members of Acme Analytics' }).waitFor();
  });

  it('finds a member, previews the removal (what goes, what stays), confirms, sees the receipt, undoes, and sees the member back with their roles', async () => {
    await page.getByLabel('Search by email').fill('erin');
    await page.getByText('1 member matching “erin”').waitFor();
    await page.getByRole('button', { name: `Remove ${world.erin.email}` }).click();
    const dialog = page.getByRole('dialog');
    // 1. The impact preview names exactly what goes and what stays, and changes nothing.
    await dialog.getByRole('heading', { name: `Removing ${world.erin.email}: what changes` }).waitFor();
    await dialog.getByRole('list', { name: 'Roles' }).waitFor();
    expect(await dialog.getByRole('list', { name: 'Roles' }).getByRole('listitem').allTextContents()).toEqual(['admin']);
    // Her own grants on the dataset she owns go too; the dataset stays.
    expect((await dialog.getByRole('list', { name: 'Dataset permissions' }).getByRole('listitem').allTextContents()).sort()).toEqual([
      'DELETE on erin-notes',
      'READ on erin-notes',
      'READ on sales-2026',
      'SHARE on erin-notes',
      'WRITE on erin-notes',
    ]);
    expect(await dialog.getByRole('list', { name: 'Datasets that stay' }).getByRole('listitem').allTextContents()).toEqual(['erin-notes']);
    expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, userId: world.erin.id } })).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'remove-preview');
    // 2. The confirmation.
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('heading', { name: `Remove ${world.erin.email} now?` }).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Remove from tenant' }).click();
    // 3. The receipt.
    await dialog.getByRole('heading', { name: `${world.erin.email} was removed` }).waitFor();
    expect(await dialog.getByRole('list', { name: 'Roles' }).getByRole('listitem').allTextContents()).toEqual(['admin']);
    expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, userId: world.erin.id } })).toBe(0);
    expect(await t.prisma.dataset.count({ where: { id: { in: [world.sales.id] } } })).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'remove-receipt');
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await dialog.getByRole('heading', { name: `${world.erin.email} is back` }).waitFor();
    expect(await dialog.getByRole('list', { name: 'Roles given back' }).getByRole('listitem').allTextContents()).toEqual(['admin']);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('table.members tbody tr', { hasText: world.erin.email });
    await row.locator('.chip', { hasText: 'admin' }).waitFor();
    expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, userId: world.erin.id } })).toBe(1);
    expect(await t.prisma.datasetPermission.count({ where: { datasetId: world.sales.id, userId: world.erin.id } })).toBe(1);
  });

  it('shows the removal and the reinstatement in the audit log, filtered by target and by action, with links to the users', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log of Acme Analytics' }).waitFor();
    await page.locator('table.audit tbody tr').first().waitFor();
    await page.getByLabel('Target').selectOption({ value: world.erin.id });
    const rows = page.locator('table.audit tbody tr');
    await rows.filter({ hasText: 'member removed' }).waitFor();
    await rows.filter({ hasText: 'member reinstated' }).waitFor();
    const removal = rows.filter({ hasText: 'member removed' });
    expect(await removal.count()).toBe(1);
    expect(await removal.getByRole('link', { name: world.owner.email }).count()).toBe(1);
    expect(await removal.getByRole('link', { name: world.erin.email }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'audit');
    await page.getByLabel('Target').selectOption({ value: '' });
    await page.getByLabel('Action').selectOption({ label: 'role created' });
    await page.waitForFunction('(() => { const cells = [...document.querySelectorAll("table.audit tbody tr td:nth-child(2)")]; return cells.length > 0 && cells.every((td) => td.textContent === "role created"); })()');
  });

  it('removes several members from the row checkboxes and shows the owner refused beside the others removed', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Search by email').fill('member0');
    await page.getByText('10 members matching “member0”').waitFor();
    await page.getByLabel('Select member00@bulk.test').check();
    await page.getByLabel('Select member01@bulk.test').check();
    await page.getByLabel('Search by email').fill(world.owner.email);
    await page.getByText(`1 member matching “${world.owner.email}”`).waitFor();
    await page.getByLabel(`Select ${world.owner.email}`).check();
    await page.getByRole('button', { name: 'Remove selected…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('2 would be removed, 1 refused.').waitFor();
    await dialog.getByRole('button', { name: 'Remove 2' }).click();
    await dialog.getByText('2 removed, 1 refused.').waitFor();
    const outcome = (email: string) => dialog.locator('tbody tr', { hasText: email }).locator('td').nth(1).textContent();
    expect(await outcome('member00@bulk.test')).toMatch(/^Removed/);
    expect(await outcome('member01@bulk.test')).toMatch(/^Removed/);
    expect(await outcome(world.owner.email)).toBe('Refused: The tenant owner cannot be removed. Transfer ownership first.');
    await expectAccessible(page);
    await screenshot(page, 'bulk-removal');
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, user: { email: { in: ['member00@bulk.test', 'member01@bulk.test'] } } } })).toBe(0);
    expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, userId: world.owner.id } })).toBe(1);
  });

  it('runs a query in GraphiQL at /console/graphiql with the same session', async () => {
    const ide = await context.newPage();
    await ide.goto('/console/graphiql');
    const run = ide.getByRole('button', { name: /Execute query/ });
    await run.waitFor({ timeout: 60_000 });
    // The editor is ready when the default query shows in it.
    await ide.locator('.graphiql-query-editor').getByText('activeTenant').first().waitFor({ timeout: 60_000 });
    await run.click();
    await ide.locator('.result-window').getByText(world.owner.email).waitFor({ timeout: 30_000 });
    await screenshot(ide, 'graphiql');
    await ide.close();
  });

  it('signs out: the cookie is cleared and the sign-in page is back', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor();
    expect((await context.cookies()).filter((cookie) => cookie.name === SESSION_COOKIE)).toEqual([]);
  });
});

describe("a plain member's session", () => {
  it('shows no remove button, and a removal forged from their session is refused', async () => {
    const context = await newSession(browser, t.http.baseUrl);
    try {
      const page = await signIn(context, world.carol.email);
      await page.getByRole('heading', { name: 'Members of Acme Analytics' }).waitFor();
      await page.locator('table.members tbody tr').first().waitFor();
      expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
      expect(await page.getByRole('checkbox').count()).toBe(0);
      await expectAccessible(page);
      // The same request the owner's console sends, from the member's page and cookie.
      const forged = await page.evaluate<{ status: number; body: { errors?: { extensions: { code: string } }[] } }>(`
        fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin',
          body: JSON.stringify({ query: 'mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message } }',
            variables: { t: '${world.tenant.id}', u: '${world.dave.id}' } }) })
          .then(async (r) => ({ status: r.status, body: await r.json() }))`);
      expect(forged.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(await t.prisma.membership.count({ where: { tenantId: world.tenant.id, userId: world.dave.id } })).toBe(1);

      // A member page shows her a co-member's roles, not what only a user manager may see.
      await page.goto(`/console/members/${world.erin.id}?email=${encodeURIComponent(world.erin.email)}`);
      await page.getByRole('heading', { name: 'Roles' }).waitFor();
      await page.getByText("Only the tenant's owner and user managers see a member's dataset permissions").waitFor();
      expect(await page.locator('section[aria-labelledby="permissions-heading"]').count()).toBe(0);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
