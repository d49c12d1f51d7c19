import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newSession, screenshot, seriousViolations } from '../helpers/browser.ts';

/** A new installation's first hour in the console, in Chromium, on an EMPTY database: the first
 * administrator, a tenant, a role, members added one by one and from a pasted list, a removal
 * previewed, made and undone, and the audit log's details. Once at desktop width, once at a
 * phone's: every step is checked with axe and, narrow, for sideways scrolling. With
 * CONSOLE_SCREENSHOTS=1 the steps are photographed into docs/console/. */

const PASSWORD = 'first hour password';
const ADMIN = 'ada.admin@first.test';
const CAROL = 'carol@first.test';
const DAVE = 'dave@first.test';
const ERIN = 'erin@first.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());

describe.each([
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'narrow', width: 390, height: 844 },
])('the first hour at $name width ($width px)', ({ name, width, height }) => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  /** Every /graphql answer and every failed response the page saw. */
  const graphql: { operation: string; status: number }[] = [];
  const failures: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    context = await newSession(browser, t.http.baseUrl);
    page = await context.newPage();
    await page.setViewportSize({ width, height });
    page.on('response', (response: Response) => {
      if (response.url().endsWith('/graphql')) {
        const body = response.request().postData() ?? '';
        graphql.push({ operation: /"operationName":"(\w+)"/.exec(body)?.[1] ?? /(?:query|mutation) (\w+)/.exec(body)?.[1] ?? '?', status: response.status() });
      }
      if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await t?.close();
  });

  /** Zero serious or critical axe violations, nothing wider than the viewport, and the screenshot. */
  async function check(shot: string) {
    expect(await seriousViolations(page)).toEqual([]);
    const scrollWidth = await page.evaluate<number>('document.scrollingElement.scrollWidth');
    // Named when it fails: the outermost elements that stick out past the right edge.
    const sticking = scrollWidth > width ? await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > ${width} + 0.5 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > ${width} + 0.5))
      .slice(0, 5).map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))`) : [];
    expect({ scrollWidth: Math.min(scrollWidth, width), sticking }).toEqual({ scrollWidth: Math.min(scrollWidth, width), sticking: [] });
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await screenshot(page, `first-hour-${name}-${shot}`);
  }

  const memberRow = (email: string) => page.locator('table.members tbody tr', { hasText: email });

  it('on an empty database, a signed-out load asks /graphql only setupStatus (no 401) and offers to create the first administrator', async () => {
    expect(await t.prisma.user.count()).toBe(0);
    await page.goto('/console/');
    await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
    expect(graphql).toEqual([{ operation: 'ConsoleSetupStatus', status: 200 }]);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    expect((await page.request.get('/favicon.ico')).status()).toBe(200);
    expect(failures).toEqual([]);
    await check('first-admin');
  });

  it('creates the first administrator, who is signed in and creates a tenant they own', async () => {
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    await page.getByText('You belong to no tenant yet').waitFor();
    await check('no-tenant');
    await page.getByLabel('Tenant name').fill('Acme Research');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('heading', { name: 'Members of Acme Research' }).waitFor();
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { emailKey: ADMIN } });
    const tenant = await t.prisma.tenant.findFirstOrThrow({ where: { name: 'Acme Research' } });
    expect(tenant.ownerId).toBe(admin.id);
    expect(admin.activeTenantId).toBe(tenant.id);
  });

  it('creates a role, adds a member by email with it, then several from a pasted list, each line with its own outcome', async () => {
    for (const email of [CAROL, DAVE, ERIN]) expect((await t.http.post('/api/v1/auth/register', { json: { email, password: PASSWORD } })).status).toBe(201);
    await page.getByRole('link', { name: 'Roles' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Create a role' }) });
    await form.getByLabel('Name').fill('analysts');
    await form.getByRole('button', { name: 'Create role' }).click();
    await page.locator('section.card', { has: page.getByRole('heading', { name: 'analysts' }) }).waitFor();

    await page.getByRole('link', { name: 'Members' }).click();
    const add = page.getByRole('region', { name: 'Add members' });
    await add.getByRole('group', { name: 'Roles to give' }).getByLabel('analysts').check();
    await add.getByLabel('Member’s email').fill(CAROL);
    await add.getByRole('button', { name: 'Add member' }).click();
    await add.getByRole('status').getByText('1 added, 0 refused.').waitFor();
    await memberRow(CAROL).locator('.chip', { hasText: 'analysts' }).waitFor();

    const more = add.getByRole('button', { name: 'Add from a list…' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await add.getByLabel(/^Emails, one a line/).fill(`${DAVE}\n${ERIN}\nnobody@first.test\n\n${CAROL}\n`);
    await add.getByRole('button', { name: 'Add 4 members' }).click();
    await add.getByRole('status').getByText('2 added, 2 refused.').waitFor();
    const outcome = (email: string) => add.locator('tbody tr', { hasText: email }).locator('td').nth(1).textContent();
    expect(await outcome(DAVE)).toBe('Added with analysts.');
    expect(await outcome(ERIN)).toBe('Added with analysts.');
    expect(await outcome('nobody@first.test')).toMatch(/^Refused: No account has this email\./);
    expect(await outcome(CAROL)).toMatch(/^Refused: .*already a member/i);
    await page.getByText('4 members', { exact: true }).waitFor();
    await check('members-added');

    const tenant = await t.prisma.tenant.findFirstOrThrow({ where: { name: 'Acme Research' }, include: { memberships: { include: { user: true } }, roles: { include: { assignments: { include: { membership: { include: { user: true } } } } } } } });
    expect(tenant.memberships.map((m) => m.user.email).sort()).toEqual([ADMIN, CAROL, DAVE, ERIN].sort());
    expect(tenant.roles[0]!.assignments.map((a) => a.membership.user.email).sort()).toEqual([CAROL, DAVE, ERIN].sort());
  });

  it('previews a removal, makes it (the table behind the receipt is current at once), and undoes it from the receipt', async () => {
    await page.getByRole('button', { name: `Remove ${ERIN}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Removing ${ERIN}: what changes` }).waitFor();
    await dialog.getByRole('list', { name: 'Roles' }).waitFor();
    expect(await dialog.getByRole('list', { name: 'Roles' }).getByRole('listitem').allTextContents()).toEqual(['analysts']);
    await check('remove-preview');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('button', { name: 'Remove from tenant' }).click();
    await dialog.getByRole('heading', { name: `${ERIN} was removed` }).waitFor();
    // Behind the receipt: the member is gone and the count is new.
    await memberRow(ERIN).waitFor({ state: 'detached' });
    await page.getByText('3 members', { exact: true }).waitFor();
    expect(await dialog.getByRole('link', { name: 'audit log' }).getAttribute('href')).toMatch(/\/console\/audit\?target=[0-9a-f-]{36}$/);
    expect(await dialog.textContent()).not.toMatch(/Audit event [0-9a-f]/);
    await check('remove-receipt');

    await dialog.getByRole('button', { name: 'Undo' }).click();
    await dialog.getByRole('heading', { name: `${ERIN} is back` }).waitFor();
    expect(await dialog.getByRole('list', { name: 'Roles given back' }).getByRole('listitem').allTextContents()).toEqual(['analysts']);
    // The heading says it; the server's sentence is not repeated under it.
    expect(await dialog.textContent()).not.toContain('User reinstated in tenant');
    await memberRow(ERIN).locator('.chip', { hasText: 'analysts' }).waitFor();
    await page.getByText('4 members', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it("reads a removal's details in the audit log, where a row expands and offers Undo while it is allowed", async () => {
    const token = (await t.http.post('/api/v1/auth/login', { form: { username: ADMIN, password: PASSWORD } })).body.access_token as string;
    const tenant = await t.prisma.tenant.findFirstOrThrow({ where: { name: 'Acme Research' } });
    const dave = await t.prisma.user.findUniqueOrThrow({ where: { emailKey: DAVE } });
    expect((await t.http.delete(`/api/v1/permissions/tenants/${tenant.id}/users/${dave.id}`, { auth: { token } })).status).toBe(200);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log of Acme Research' }).waitFor();
    const rows = page.locator('table.audit tbody tr');
    const daveRemoval = rows.filter({ hasText: 'member removed' }).filter({ hasText: DAVE });
    await daveRemoval.waitFor();
    // An event with no target shows no one in that column (not a made-up name).
    expect(await rows.filter({ hasText: 'role created' }).locator('td').nth(3).textContent()).toBe('');

    const disclosure = daveRemoval.getByRole('button', { name: `Details: member removed ${DAVE}` });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    await disclosure.click();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    const details = page.locator(`#${await disclosure.getAttribute('aria-controls')}`);
    expect(await details.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['Revoked roles', 'Revoked role count', 'Revoked dataset permission count']));
    expect(await details.locator('dd', { has: page.locator('li') }).first().textContent()).toBe('analysts');
    await check('audit-details');

    // Erin's removal was undone already: its details offer no Undo.
    const erinRemoval = rows.filter({ hasText: 'member removed' }).filter({ hasText: ERIN });
    await erinRemoval.getByRole('button', { name: /^Details/ }).click();
    const erinDetails = page.locator(`#${await erinRemoval.getByRole('button', { name: /^Details/ }).getAttribute('aria-controls')}`);
    await erinDetails.locator('dl').waitFor();
    expect(await erinDetails.getByRole('button', { name: /^Undo/ }).count()).toBe(0);

    await details.getByRole('button', { name: `Undo: reinstate ${DAVE}` }).click();
    await page.getByRole('status').getByText('User reinstated in tenant').waitFor();
    expect(await t.prisma.membership.count({ where: { tenantId: tenant.id, userId: dave.id } })).toBe(1);
  });

  it('keeps the API-keys status column to status, with Revoke in a column of its own', async () => {
    await page.getByRole('link', { name: 'My API keys' }).click();
    await page.getByLabel('Name').fill('first key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.locator('tbody tr', { hasText: 'first key' });
    await row.getByRole('button', { name: 'Revoke key first key' }).waitFor();
    const headers = await page.locator('thead th').allTextContents();
    const status = headers.indexOf('Status');
    expect(await row.locator('td').nth(status).textContent()).toBe('active');
    await check('api-keys');
  });

  it('signs out; a reload then asks /graphql only setupStatus, and the sign-in page says how accounts are made', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor();
    graphql.length = 0;
    failures.length = 0;
    await page.reload();
    await page.getByRole('heading', { name: 'No account yet?' }).waitFor();
    expect(graphql).toEqual([{ operation: 'ConsoleSetupStatus', status: 200 }]);
    expect(failures).toEqual([]);
    expect(await page.getByText('tenantry users create').count()).toBe(1);
    const create = page.getByRole('button', { name: 'Create an account' });
    await create.click();
    expect(await create.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await check('sign-in');
  });
});
