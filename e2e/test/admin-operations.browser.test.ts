import { useTestEnvironment, waitFor } from '@shop/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { publishRaw } from '../faults/harness/raw-publisher.js';
import {
  openAsAdmin,
  screenshot,
  seriousAccessibilityViolations,
  useConsoleUnderTest,
  type Violation,
} from '../fixtures/admin-console-page.js';
import { ordersDatabase, placeOrder, signInCustomer, stockProduct } from '../fixtures/order-saga-fixtures.js';

const env = useTestEnvironment();

describe('the admin console: orders, dead letters, health', () => {
  const { system, browser, admin } = useConsoleUnderTest(env);

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

  it('a customer’s orders are found by email, one is opened and cancelled after a confirmation; a refused cancel shows the API’s 409', async () => {
    const orders = ordersDatabase(env);
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 10, 4);
    await orders.end();
    const executed = await placeOrder(customer, product, 2);
    expect((await customer.call('POST', '/orders/execute', { id: executed })).status).toBe(200);
    const pending = await placeOrder(customer, product, 1);
    const email = ((await customer.call('GET', '/users/me')).body as { email: string }).email;
    const page = await openPage('Orders');

    await page.getByLabel('Customer (email or id)').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'List orders' }).click();
    await page.getByRole('button', { name: `Order ${pending}` }).waitFor();
    const rows = await page.locator('table tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t').slice(0, 3))).toEqual([
      [`Order ${pending}`, 'pending', '4.00'],
      [`Order ${executed}`, 'executed', '8.00'],
    ]);
    await screenshot(page, 'orders-by-customer');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Order ${executed}` }).click();
    await page.getByRole('heading', { name: `Order ${executed}` }).waitFor();
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(`Cancel order ${executed}?`);
      void dialog.accept();
    });
    await page.getByRole('button', { name: `Cancel order ${executed}` }).click();

    await page.getByText(`Order ${executed} cancelled.`).waitFor();
    expect(await page.locator('article').innerText()).toMatch(/Status\s+cancelled/);
    expect((await admin.call('GET', `/orders/${executed}`)).body.status).toBe('cancelled');
    await screenshot(page, 'order-cancelled');

    await page.getByRole('button', { name: `Order ${pending}` }).click();
    await page.getByRole('heading', { name: `Order ${pending}` }).waitFor();
    // Cancelled meanwhile by its customer: the console's Cancel now meets the API's 409.
    expect((await customer.call('DELETE', '/orders/delete', { id: pending })).status).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Cancel order ${pending}` }).click();

    await page
      .getByText(`Not cancelled: Order ${pending} is cancelled: it cannot be cancelled again`)
      .waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
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

  it('the health page shows every service ready, beside its outbox lag, dead letters and the saga’s duration', async () => {
    const orders = ordersDatabase(env);
    const customer = await signInCustomer(system.gatewayUrl);
    const product = await stockProduct(admin, orders, 3, 5);
    await orders.end();
    const order = await placeOrder(customer, product, 1);
    expect((await customer.call('POST', '/orders/execute', { id: order })).status).toBe(200);
    const page = await openPage('Health');

    await page.getByText('The shop is ready.').waitFor();
    for (const service of ['auth', 'catalog', 'order', 'analytics']) {
      await page.getByText(`${service}: ready`, { exact: true }).waitFor();
    }
    const metrics = page.getByRole('region', { name: 'Key metrics' });
    await metrics.getByRole('row', { name: /^order ready/ }).waitFor();
    expect(await metrics.getByRole('row', { name: /^order ready/ }).innerText()).toMatch(
      /p50 \d+ ms, p95 \d+ ms \(\d+ executions?\)/,
    );
    expect(await metrics.getByRole('row', { name: /^auth ready/ }).innerText()).toContain(
      'consumes no events',
    );
    expect(await metrics.getByRole('row', { name: /^catalog ready/ }).innerText()).toMatch(
      /^catalog\tready\t\d+ ms\t\d+\t$/,
    );
    await screenshot(page, 'health');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
