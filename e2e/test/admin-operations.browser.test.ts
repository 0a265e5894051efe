// The admin console's orders, dead-letter and health pages in headless Chromium against the running
// system: an executed and a rejected order found by id, a dead letter inspected and replayed (it leaves
// the list), every service's readiness. Each page screenshotted and checked with axe-core.
import { mkdir } from 'node:fs/promises';
import { type HeadlessBrowser, launchHeadlessChromium, useTestEnvironment, waitFor } from '@shop/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRaw } from '../faults/harness/raw-publisher.js';
import {
  openAsAdmin,
  screenshot,
  screenshotDirectory,
  seriousAccessibilityViolations,
  type Violation,
} from '../fixtures/admin-console-page.js';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

describe('the admin console: orders, dead letters, health', () => {
  let system: RunningSystem;
  let browser: HeadlessBrowser;
  let admin: Actor;

  beforeAll(async () => {
    await mkdir(screenshotDirectory, { recursive: true });
    [system, browser] = await Promise.all([startSystem(env), launchHeadlessChromium()]);
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const openPage = (route: string) => openAsAdmin(browser.context, system.gatewayUrl, route);

  async function findOrder(page: Page, id: number): Promise<void> {
    await page.getByLabel('Order id').fill(String(id));
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { name: `Order ${id}` }).waitFor();
  }

  it('an order is found by id with its status and lines, a rejected one with its shortage', async () => {
    const orders = ordersDatabase(env);
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 4, 7.5);
    await orders.end();
    const executed = await placeOrder(customer, product, 3);
    expect((await customer.call('POST', '/orders/execute', { id: executed })).status).toBe(200);
    const rejected = await placeOrder(customer, product, 2);
    expect((await customer.call('POST', '/orders/execute', { id: rejected })).status).toBe(409);
    const page = await openPage('Orders');

    await findOrder(page, executed);
    const details = page.locator('article');
    expect(await details.innerText()).toMatch(/Status\s+executed/);
    await page.getByRole('row', { name: '3 7.50 22.50' }).waitFor();
    await screenshot(page, 'order-executed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await findOrder(page, rejected);

    expect(await details.innerText()).toMatch(/Status\s+pending/);
    await page.getByText('Last rejection: stock_unavailable').waitFor();
    await page.getByRole('row', { name: `${product} 2 1` }).waitFor();
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });

  it('a dead letter is inspected, replayed, and leaves the list', async () => {
    await publishRaw(env.amqpUrl, env.prefix, [
      { routingKey: 'order.executed', body: JSON.stringify({ console: 'poison' }) },
    ]);
    const listed = await waitFor(() => admin.call('GET', '/admin/dead-letters'), {
      until: (page) => (page.body.items as unknown[]).length === 1,
      what: 'the poison message dead-lettered',
    });
    const letter = (listed.body.items as { id: string }[])[0] as { id: string };
    const page = await openPage('Dead letters');
    const item = page.locator(`li[data-id="${letter.id}"]`);

    await item.getByText('Payload').click();
    await item.getByText('"console": "poison"').waitFor();
    await screenshot(page, 'dead-letters');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await item.getByRole('button', { name: /^Replay order\.executed/ }).click();

    await page.getByText(`Replayed order.executed ${letter.id}`).waitFor();
    await item.waitFor({ state: 'detached' });
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });

  it('the health page shows every service ready', async () => {
    const page = await openPage('Health');

    await page.getByText('The shop is ready.').waitFor();
    for (const service of ['auth', 'catalog', 'order', 'analytics']) {
      await page.getByText(`${service}: ready`, { exact: true }).waitFor();
    }
    await screenshot(page, 'health');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
