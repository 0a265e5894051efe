import { type HeadlessBrowser, launchHeadlessChromium, useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

/** What a `securitypolicyviolation` event says. */
interface Violation {
  directive: string;
  blocked: string;
}

// Zod (inside Scalar's bundle) tries `Function('')` once to choose its fast path, and falls back
// when the policy refuses: expected, and it is what a policy without 'unsafe-eval' should do.
const zodEvalProbe = (violation: Violation) =>
  violation.directive === 'script-src' && violation.blocked === 'eval';

describe('/docs in headless Chromium', () => {
  let system: RunningSystem;
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startSystem(env), launchHeadlessChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('renders the API reference with its routes, asking no other host and breaking no CSP rule', async () => {
    const page = await browser.context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // Init scripts run outside the page's policy: this one records what the policy blocks. (Source
    // text, as the tests are typed without the DOM library.)
    await page.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI }));`,
    });

    const documentLoaded = page.waitForResponse((answer) => answer.url().endsWith('/openapi.json'));
    const response = await page.goto(`${system.gatewayUrl}/docs`);
    await page.getByRole('heading', { name: 'Shop API' }).waitFor({ timeout: 30_000 });
    await page.getByText('Dead letters of every service, newest first (admins)').first().waitFor();
    for (const tag of ['users', 'products', 'orders', 'statistics']) {
      await page.getByText(tag, { exact: true }).first().waitFor();
    }
    // Not 'networkidle': Chromium sometimes never reports it though every request has finished.
    await Promise.all([documentLoaded, page.waitForLoadState('load')]);

    expect(response?.status()).toBe(200);
    expect(requested.filter((url) => new URL(url).origin !== system.gatewayUrl)).toEqual([]);
    expect(requested.map((url) => new URL(url).pathname)).toEqual([
      '/docs',
      expect.stringMatching(/^\/docs\/assets\/scalar-api-reference-[\w.-]+\.js$/),
      '/openapi.json',
    ]);
    const violations = await page.evaluate<Violation[]>('window.cspViolations');
    expect(violations.filter((violation) => !zodEvalProbe(violation))).toEqual([]);
    expect(consoleErrors.filter((text) => /content security policy/i.test(text))).toEqual([]);
  });
});
