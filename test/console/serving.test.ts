import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIST } from '../../src/console/console-dist.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** How the gateway serves the console and the landing page (the build itself: test setup runs
 * scripts/console-build.js, which fails over the size budget). */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the landing page at /', () => {
  it('links the console, GraphiQL, Sandbox (saying it needs internet), the API docs and /health', async () => {
    const response = await t.http.get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    for (const href of ['/console', '/console/graphiql', '/graphql', '/docs', '/health']) expect(response.body).toContain(`href="${href}"`);
    expect(response.body).toMatch(/Apollo Sandbox.*Needs internet/s);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('tells a newcomer how the first account is made and how accounts are made after it', async () => {
    const response = await t.http.get('/');
    expect(response.body).toContain('offers to create the first administrator');
    expect(response.body).toContain('tenantry users create');
  });
});

describe('the favicon', () => {
  it('answers /favicon.ico and /favicon.svg with the SVG icon the console links, not 404', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await t.http.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(String(response.body)).toContain('<svg');
    }
    expect(readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8')).toContain('<link rel="icon" href="/favicon.svg"');
  });
});

describe('the console at /console', () => {
  it('answers its index page for every path under it, with a CSP that admits only its own scripts', async () => {
    for (const path of ['/console', '/console/', '/console/members', '/console/members/1234?email=a', '/console/graphiql']) {
      const response = await t.http.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.body).toContain('<div id="root"></div>');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves the hashed assets the index names, cached for good', async () => {
    const index = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index)![1];
    const response = await t.http.get(script);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/immutable/);
    expect((await t.http.get('/console/assets/missing-file.js')).status).toBe(404);
  });

  it('keeps its downloaded JavaScript within the 250 kB gzip budget the build measured', () => {
    const report = JSON.parse(readFileSync(join(CONSOLE_DIST, 'size-report.json'), 'utf8'));
    expect(report.console.js.gzipBytes).toBeGreaterThan(0);
    expect(report.console.js.gzipBytes).toBeLessThanOrEqual(250_000);
    expect(existsSync(join(CONSOLE_DIST, '.build-hash'))).toBe(true);
  });
});
