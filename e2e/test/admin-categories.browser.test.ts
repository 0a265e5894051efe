// The admin console's low-stock view and categories page in headless Chromium against the running
// system: the products at or below a threshold, fewest first; a category added (a duplicate refused on
// the field), renamed (a taken name refused on the field) and deleted with its products after a
// confirmation. Each page screenshotted and checked with axe-core.
import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  openAsAdmin,
  screenshot,
  seriousAccessibilityViolations,
  useConsoleUnderTest,
  type Violation,
} from '../fixtures/admin-console-page.js';

const env = useTestEnvironment();

describe('the admin console: low stock and categories', () => {
  const { system, browser, admin } = useConsoleUnderTest(env);

  const openPage = (route: string) => openAsAdmin(browser.context, system.gatewayUrl, route);

  async function addProduct(name: string, quantity: number, category: string): Promise<number> {
    const added = await admin.call('POST', '/products/add', { name, quantity, price: 2, category });
    expect(added.status).toBe(201);
    return added.body.id as number;
  }

  const productNames = (page: Page) => page.locator('table.products tbody th').allInnerTexts();

  it('the low-stock view lists the products at or below the threshold (default 5), fewest first', async () => {
    const tag = `Shelf ${randomUUID().slice(0, 8)}`;
    for (const [suffix, quantity] of [
      ['nine', 9],
      ['five', 5],
      ['zero', 0],
      ['two', 2],
    ] as const) {
      await addProduct(`${tag} ${suffix}`, quantity, 'shelves');
    }
    const page = await openPage('Catalog');
    await page.getByLabel('Search by name').fill(tag);
    await page.getByLabel('Low stock only').check();
    expect(await page.getByLabel('Low-stock threshold (units)').inputValue()).toBe('5');

    await page.getByRole('button', { name: 'Search' }).click();

    await page.getByText(/3 products at 5 units or fewer, fewest first/).waitFor();
    expect((await productNames(page)).map((name) => name.replace(/\s*low stock$/, ''))).toEqual(
      ['zero', 'two', 'five'].map((suffix) => `${tag} ${suffix}`),
    );
    await screenshot(page, 'catalog-low-stock');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Low-stock threshold (units)').fill('1');
    await page.getByRole('button', { name: 'Search' }).click();

    await page.getByText(/1 product at 1 unit or fewer/).waitFor();
    expect(await productNames(page)).toEqual([`${tag} zero low stock`]);
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });

  it('a category is added, refused on the field when taken, renamed, and deleted with its products after a confirmation', async () => {
    const name = `Lamps ${randomUUID().slice(0, 8)}`;
    const taken = `Taken ${randomUUID().slice(0, 8)}`;
    const productId = await addProduct(`Lamp ${randomUUID().slice(0, 8)}`, 3, taken);
    const page = await openPage('Categories');
    const newCategory = page.getByLabel('New category');

    await newCategory.fill(name);
    await page.getByRole('button', { name: 'Add category' }).click();
    await page.getByText(`Added ${name}.`).waitFor();
    await page.getByRole('row', { name: `${name} 0` }).waitFor();
    await newCategory.fill(taken.toUpperCase());
    await page.getByRole('button', { name: 'Add category' }).click();

    await page
      .locator('#error-new-category')
      .getByText(/already exists|taken/i)
      .waitFor();
    expect(await newCategory.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'categories-field-error');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const rename = page.getByLabel(`New name of ${name}`);
    await rename.fill(taken);
    await page.getByRole('button', { name: `Rename ${name}` }).click();
    await page.locator('tr', { has: rename }).locator('.field-error').getByText(/./).waitFor();
    expect(await rename.getAttribute('aria-invalid')).toBe('true');
    await rename.fill(`${name} renamed`);
    await page.getByRole('button', { name: `Rename ${name}` }).click();
    await page.getByText(`Renamed ${name} to ${name} renamed.`).waitFor();

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe(`Delete the category ${taken} and its 1 product? They are removed too.`);
      void dialog.accept();
    });
    await page.getByRole('button', { name: `Delete ${taken}` }).click();

    await page.getByText(`Deleted ${taken} and its 1 product.`).waitFor();
    await page.getByRole('button', { name: `Delete ${taken}` }).waitFor({ state: 'detached' });
    expect((await admin.call('GET', `/products/${productId}`)).status).toBe(404);
    const categories = await admin.call('GET', '/categories?limit=500');
    const names = (categories.body.items as { name: string }[]).map((category) => category.name);
    expect(names).toContain(`${name} renamed`);
    expect(names).not.toContain(taken);
    await screenshot(page, 'categories');
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });
});
