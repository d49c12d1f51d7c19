import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** Debian's Chromium (Playwright's own browser download cannot work offline). */
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] };
const REMOVAL_ID = 'remove_user_from_tenant_endpoint_api_v1_permissions_tenants__tenant_id__users__user_id__delete';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp({ mode: 'production' }), chromium.launch({ ...CHROMIUM, headless: true })]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('GET /docs', () => {
  it('renders the removal operation from /openapi.json, with every request on loopback and no CSP violation', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${t.http.baseUrl}/docs`);
    expect(response?.status()).toBe(200);

    const operation = page.locator(`#operations-permissions-${REMOVAL_ID}`);
    await operation.waitFor({ timeout: 30_000 });
    expect(await operation.locator('.opblock-summary-method').innerText()).toBe('DELETE');
    expect(await operation.locator('.opblock-summary-path').innerText()).toContain('/api/v1/permissions/tenants/{tenant_id}/users/{user_id}');
    // Opening it shows the parameters and answers the document gives.
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('.parameters').waitFor();
    const body = await operation.innerText();
    for (const text of ['tenant_id', 'user_id', 'string($uuid)', '422', 'Validation Error', '404']) expect(body).toContain(text);

    expect(requests.some((url) => url.endsWith('/docs/json'))).toBe(true);
    expect(requests.length).toBeGreaterThan(3);
    const origin = new URL(t.http.baseUrl);
    expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== origin.host)).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('relaxes the content security policy for /docs only', async () => {
    const docs = await t.http.get('/docs');
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = await t.http.get('/docs/static/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const path of ['/openapi.json', '/health', '/api/v1/auth/me']) {
      expect((await t.http.get(path)).headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    }
  });
});
