import { Browser } from 'playwright-core';
import request from 'supertest';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

// The headers every browser page carries (helmet's set), compared with the insights dashboard's.
const PAGE_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'x-dns-prefetch-control',
];

// The start page at /: what the service is and where its doors are, under the pages' CSP, every link answering.
describe('GET /: the start page (real PostgreSQL, headless Chromium)', () => {
  let test: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    test = await startTestApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const linksOn = (text: string) => [...text.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

  it('answers an HTML page saying what the service is, with no inline script or style', async () => {
    const response = await request(test.baseUrl).get('/').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('<title>Start · OpenCX Assist</title>');
    expect(response.text).toMatch(/posts it on the Zendesk ticket as an internal note/);
    expect(response.text).not.toMatch(/<script|<style|style=/);
  });

  it('carries the same strict CSP and security headers as the insights dashboard', async () => {
    const home = await request(test.baseUrl).get('/').expect(200);
    const dashboard = await request(test.baseUrl).get('/dashboard').expect(200);
    const pick = (headers: Record<string, string>) => Object.fromEntries(PAGE_HEADERS.map((name) => [name, headers[name]]));
    expect(pick(home.headers)).toEqual(pick(dashboard.headers));
    expect(home.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/);
    expect(home.headers['x-powered-by']).toBeUndefined();
  });

  it('links the console, the dashboard, the API docs, GraphQL, the probes and the metrics, and every link answers', async () => {
    const { text } = await request(test.baseUrl).get('/').expect(200);
    const links = linksOn(text);
    expect(links).toEqual(
      expect.arrayContaining(['/console', '/dashboard', '/docs', '/docs-json', '/graphql', '/health/live', '/health/ready', '/metrics']),
    );
    for (const link of links.filter((href) => href.startsWith('/'))) {
      // /graphql answers 401 without a token, /docs may redirect: found all the same.
      const { status } = await request(test.baseUrl).get(link);
      expect({ link, answered: status !== 404 && status < 500 }).toEqual({ link, answered: true });
    }
  });

  it('shows no organization id and no token', async () => {
    await request(test.baseUrl)
      .post('/admin/organizations')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({
        name: 'Acme',
        zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zendesk-token' },
        webhookSigningSecret: 'webhook-signing-secret-0123456789',
      })
      .expect(201);
    const { text } = await request(test.baseUrl).get('/').expect(200);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    for (const secret of [TEST_ADMIN_TOKEN, 'dev-admin-token', 'zendesk-token', 'webhook-signing-secret']) expect(text).not.toContain(secret);
  });

  it('keeps every other unknown path a problem+json 404', async () => {
    for (const call of [request(test.baseUrl).get('/nope'), request(test.baseUrl).post('/'), request(test.baseUrl).get('/index.html')]) {
      const response = await call;
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.headers['content-security-policy']).toBeUndefined();
    }
  });

  it('loads in a browser without a CSP violation and passes axe-core\'s WCAG 2.1 AA and best-practice checks', async () => {
    const strict = await browser.newPage();
    const problems: string[] = [];
    strict.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    strict.on('pageerror', (error) => problems.push(error.message));
    strict.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
    await strict.goto(`${test.baseUrl}/`);
    // The stylesheet applied under the CSP: the header bar is dark.
    // Expressions run in the page (this project's TypeScript has no DOM types).
    await expect(strict.evaluate(`getComputedStyle(document.querySelector('header.bar')).backgroundColor`)).resolves.toBe('rgb(36, 41, 47)');
    await expect(strict.getByRole('link', { name: 'Insights dashboard' }).getAttribute('href')).resolves.toBe('/dashboard');
    await expect(strict.getByRole('link', { name: 'Admin console' }).getAttribute('href')).resolves.toBe('/console');
    expect(problems).toEqual([]);
    await strict.close();

    // axe is injected as a script, which the page's own CSP would refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const checked = await context.newPage();
    await checked.goto(`${test.baseUrl}/`);
    await expect(accessibilityViolations(checked)).resolves.toEqual([]);
    await context.close();
  });
});
