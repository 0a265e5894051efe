import { useTestEnvironment, waitFor } from '@shop/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  consolePage,
  screenshot,
  seriousAccessibilityViolations,
  signInThroughTheForm,
  useConsoleUnderTest,
  type Violation,
} from '../fixtures/admin-console-page.js';
import { call, signIn } from '../fixtures/client.js';
import { ordersDatabase, placeOrder, signInCustomer, stockProduct } from '../fixtures/order-saga-fixtures.js';

const env = useTestEnvironment();
const ADMIN = { email: 'admin@shop.local', password: 'admin-password-123' };

describe('the admin console at /admin', () => {
  const { system, browser, admin } = useConsoleUnderTest(env);

  const violationsOf = (page: Page) => page.evaluate<Violation[]>('window.cspViolations');

  it('an admin signs in (tokens in memory only) and the dashboard shows the sales this test executed', async () => {
    const orders = ordersDatabase(env);
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10, 12.5); // cost 4
    await orders.end();
    for (const quantity of [3, 1]) {
      const orderId = await placeOrder(customer, product, quantity);
      expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);
    }
    await waitFor(() => admin.call('GET', '/statistics/profit'), {
      until: (profit) => profit.body.number_of_executed_orders === 2,
      what: 'both sales in the statistics',
    });
    const { page, requested } = await consolePage(browser.context);

    const response = await page.goto(`${system.gatewayUrl}/admin`);
    await screenshot(page, 'sign-in');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await signInThroughTheForm(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const totals = page.locator('.totals');
    await totals.getByText('50.00').waitFor(); // 4 × 12.50

    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    expect(response?.headers()['cache-control']).toBe('no-cache');
    const script = await fetch(`${system.gatewayUrl}${await page.locator('script').getAttribute('src')}`);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await totals.innerText()).toMatch(
      /Orders executed\s+2\s+Revenue\s+50\.00\s+Cost\s+16\.00\s+Profit\s+34\.00/,
    );
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByRole('row', { name: `${today} 2 50.00 16.00 34.00` }).count()).resolves.toBe(1);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    expect(await page.evaluate('[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([
      0,
      0,
      '',
    ]);
    await screenshot(page, 'dashboard');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await violationsOf(page)).toEqual([]);
    expect(requested.filter((url) => new URL(url).origin !== system.gatewayUrl)).toEqual([]);
    await page.close();
  });

  it('on a phone the dashboard fits the screen: nothing but its tables scrolls sideways', async () => {
    const { page } = await consolePage(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.gatewayUrl}/admin`);
    await signInThroughTheForm(page, ADMIN.email, ADMIN.password);
    await page.locator('.totals').waitFor();
    await page.locator('.chart canvas').first().waitFor();

    const [pageWidth, viewportWidth] = await page.evaluate<[number, number]>(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    );
    expect(pageWidth).toBeLessThanOrEqual(viewportWidth);
    await screenshot(page, 'dashboard-phone');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('the dashboard of a period without sales says so and what to do', async () => {
    const { page } = await consolePage(browser.context);
    await page.goto(`${system.gatewayUrl}/admin`);
    await signInThroughTheForm(page, ADMIN.email, ADMIN.password);
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.getByRole('button', { name: 'Show' }).click();

    await page.getByText('No executed orders from 2020-01-01 to 2020-01-31').waitFor();
    expect(await page.locator('.chart').count()).toBe(0);
    await screenshot(page, 'dashboard-empty');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('the session is refreshed before the access token expires, and signing out revokes it', async () => {
    const { page } = await consolePage(browser.context);
    await page.clock.install();
    await page.goto(`${system.gatewayUrl}/admin`);
    await signInThroughTheForm(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const refreshed = page.waitForResponse((answer) => answer.url().endsWith('/users/refresh'));

    await page.clock.runFor(15 * 60_000); // the access token lives 900 s
    const refresh = await refreshed;
    const { access_token } = (await refresh.json()) as { access_token: string };
    const loggedOut = page.waitForResponse((answer) => answer.url().endsWith('/users/logout'));
    await page.getByRole('button', { name: 'Sign out' }).click();

    expect(refresh.status()).toBe(200);
    expect((await loggedOut).status()).toBe(200);
    await page.getByText('Signed out.').waitFor();
    await waitFor(() => call(system.gatewayUrl, 'GET', '/users/me', { token: access_token }), {
      until: (me) => me.status === 401,
      what: 'the refreshed session revoked',
    });
    await page.close();
  });

  it('a customer who signs in is told they are not an admin, sees nothing else, and is signed out', async () => {
    const email = `customer-console-${Date.now()}@shop.test`;
    await signIn(system.gatewayUrl, email);
    const { page } = await consolePage(browser.context);
    await page.goto(`${system.gatewayUrl}/admin`);
    const loggedIn = page.waitForResponse((answer) => answer.url().endsWith('/users/login'));

    await signInThroughTheForm(page, email, 'correct-horse-battery');
    const { access_token } = (await (await loggedIn).json()) as { access_token: string };

    await page.getByRole('alert').getByText(`${email} is not an admin`).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Dashboard' }).count()).toBe(0);
    await waitFor(() => call(system.gatewayUrl, 'GET', '/users/me', { token: access_token }), {
      until: (me) => me.status === 401,
      what: "the customer's session revoked",
    });
    await screenshot(page, 'customer-refused');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await violationsOf(page)).toEqual([]);
    await page.close();
  });
});
