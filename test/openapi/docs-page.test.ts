import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { REPO_ROOT } from '../helpers/service-process.ts';

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

    // One document: the page loads /openapi.json (through /docs/json's redirect).
    expect(requests.some((url) => url.endsWith('/openapi.json'))).toBe(true);
    // Our name, no Fastify logo, no "Explore" bar.
    expect(await page.title()).toBe('Tenantry legacy REST API');
    expect(await page.locator('.topbar').count()).toBe(0);
    expect(await page.locator('#swagger-ui img').count()).toBe(0);
    expect(await page.locator('.info .title').innerText()).toContain('Tenantry legacy REST API');
    expect(requests.length).toBeGreaterThan(3);
    const origin = new URL(t.http.baseUrl);
    expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== origin.host)).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('serves one document: /docs/json and /docs/yaml send the reader to /openapi.json', async () => {
    for (const path of ['/docs/json', '/docs/yaml']) {
      const response = await fetch(`${t.http.baseUrl}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status, location: response.headers.get('location') }).toEqual({ path, status: 301, location: '/openapi.json' });
    }
    const initializer = await t.http.get('/docs/static/swagger-initializer.js');
    const fastifyLogo = readFileSync(join(REPO_ROOT, 'node_modules/@fastify/swagger-ui/static/logo.svg')).toString('base64');
    expect(initializer.body).toContain("layout\":\"BaseLayout");
    expect(initializer.body).not.toContain(fastifyLogo);
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
