import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addMember, buildTenant } from '../factories/tenancy.ts';
import { buildUser, DEFAULT_PASSWORD, tokenFor } from '../factories/users.ts';
import { startDeliveringApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newSession, screenshot, seriousViolations } from '../helpers/browser.ts';
import { startReceiver, until, type Receiver } from '../events/webhook-receiver.ts';

/** The Endpoints page in Chromium: an owner adds an endpoint that points at a real receiver on
 * loopback (which verifies every delivery with `standardwebhooks`, using the secret the page
 * showed once), a removal reaches it and shows in the delivery log, an event that died is
 * resent from the page, the secret is rotated (both secrets sign meanwhile), the endpoint is
 * turned off, then deleted. */

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hook: Receiver;
let world: Awaited<ReturnType<typeof arrange>>;

async function arrange(app: TestApp) {
  const owner = await buildUser(app.prisma, { email: 'olga.owner@hooks.test' });
  const tenant = await buildTenant(app.prisma, { owner, name: 'Hooked', activate: true });
  const [carol, dave, erin] = [await buildUser(app.prisma, { email: 'carol@hooks.test' }), await buildUser(app.prisma, { email: 'dave@hooks.test' }), await buildUser(app.prisma, { email: 'erin@hooks.test' })];
  for (const user of [carol, dave, erin]) await addMember(app.prisma, tenant, user);
  return { owner, tenant, carol, dave, erin, auth: await tokenFor(owner) };
}

beforeAll(async () => {
  t = await startDeliveringApp();
  world = await arrange(t);
  hook = await startReceiver();
  browser = await launchBrowser();
  context = await newSession(browser, t.http.baseUrl);
  page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
  await hook?.close();
});

async function remove(userId: string) {
  const removed = await t.http.graphql('mutation($t: UUID!, $u: UUID!) { removeUserFromTenant(tenantId: $t, userId: $u) { message } }', { t: world.tenant.id, u: userId }, world.auth);
  expect(removed.body.errors).toBeUndefined();
}

const log = () => page.locator('.delivery-log');

/** Refreshes the log until a row of `table` holds `text` (the relay delivers on its own time). */
async function logShows(table: 'deliveries' | 'dead-letters', text: string) {
  await until(`${table} to show ${text}`, async () => {
    await log().getByRole('button', { name: 'Refresh' }).click();
    return (await log().locator(`table.${table} tbody tr`, { hasText: text }).count()) > 0;
  });
}

it('adds an endpoint at a loopback receiver and shows its secret once', async () => {
  await page.goto('/console/');
  await page.getByLabel('Email').fill(world.owner.email);
  await page.getByLabel('Password').fill(DEFAULT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Endpoints' }).click();
  await page.getByRole('heading', { name: 'Endpoints of Hooked' }).waitFor();
  await page.getByText('This tenant has no webhook endpoints yet.').waitFor();

  await page.getByLabel('URL').fill(hook.url);
  await page.getByLabel('Description').fill('search index');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const secret = (await page.getByTestId('new-webhook-secret').textContent())!;
  expect(secret).toMatch(/^whsec_/);
  await page.getByText('it is shown this once').waitFor();
  hook.secrets = [secret];
  await page.getByRole('heading', { name: hook.url, exact: true }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'endpoints-added');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  expect(await page.getByTestId('new-webhook-secret').count()).toBe(0);
});

it('shows a removal’s delivery in the log, with its status and latency', async () => {
  await remove(world.carol.id);
  await until('the removal’s delivery', () => hook.deliveries.length === 1);
  expect(hook.deliveries[0]).toMatchObject({ verifiedBy: [0], payload: { type: 'tenant.user_removed' } });
  await page.getByRole('button', { name: 'Delivery log' }).click();
  await logShows('deliveries', 'tenant.user_removed');
  const row = log().locator('table.deliveries tbody tr', { hasText: 'tenant.user_removed' });
  await expect(row.textContent()).resolves.toMatch(/204 delivered\d+ ms/);
  expect(await seriousViolations(page)).toEqual([]);
});

it('lists an event that died and resends it once the receiver is back', async () => {
  hook.answer = () => ({ status: 500 });
  await remove(world.dave.id);
  await logShows('dead-letters', 'tenant.user_removed');
  const deadId = hook.deliveries[1].id;
  expect(hook.deliveries).toHaveLength(9);
  await screenshot(page, 'endpoints-dead-letter');

  hook.answer = () => ({ status: 204 });
  await log().getByRole('button', { name: 'Resend every dead letter' }).click();
  await log().getByRole('status').getByText('1 event queued to be sent again.').waitFor();
  await until('the resend', () => hook.deliveries.length === 10);
  expect(hook.deliveries[9]).toMatchObject({ id: deadId, verifiedBy: [0] });
  await until('the dead letter to go', async () => {
    await log().getByRole('button', { name: 'Refresh' }).click();
    return (await log().getByText('No dead letters.').count()) === 1;
  });
});

it('rotates the secret, shown once; the next delivery is signed with both', async () => {
  const [previous] = hook.secrets;
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const secret = (await page.getByTestId('new-webhook-secret').textContent())!;
  expect(secret).toMatch(/^whsec_/);
  expect(secret).not.toBe(previous);
  await page.getByText('still signs until').waitFor();
  hook.secrets = [previous, secret];
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await remove(world.erin.id);
  await until('the delivery after the rotation', () => hook.deliveries.length === 11);
  expect(hook.deliveries[10]).toMatchObject({ verifiedBy: [0, 1], payload: { type: 'tenant.user_removed' } });
});

it('turns the endpoint off, then deletes it', async () => {
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Send events to this endpoint').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await until('the endpoint to show off', async () => (await page.getByTestId('endpoint-state').textContent()) === 'off');
  expect((await t.prisma.webhookEndpoint.findFirstOrThrow({ where: { tenantId: world.tenant.id } })).enabled).toBe(false);

  await page.getByRole('button', { name: `Delete endpoint ${hook.url}` }).click();
  await page.getByText('This tenant has no webhook endpoints yet.').waitFor();
  expect(await t.prisma.webhookEndpoint.count({ where: { tenantId: world.tenant.id } })).toBe(0);
});
