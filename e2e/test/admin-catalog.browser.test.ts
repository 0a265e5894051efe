// The admin console's catalog and import pages in headless Chromium against the running system: a price
// edit refused with the API's field error, then saved; an import followed by its progress bar to its
// report, downloaded as CSV. Each page screenshotted and checked with axe-core.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import {
  openAsAdmin,
  screenshot,
  seriousAccessibilityViolations,
  useConsoleUnderTest,
  type Violation,
} from '../fixtures/admin-console-page.js';

const env = useTestEnvironment();

describe('the admin console: catalog and import', () => {
  const { system, browser, admin } = useConsoleUnderTest(env);

  const openPage = (route: string) => openAsAdmin(browser.context, system.gatewayUrl, route);

  it('a price edit shows the API validation error on the field, then saves and the catalog has it', async () => {
    const name = `Console lamp ${randomUUID().slice(0, 8)}`;
    const added = await admin.call('POST', '/products/add', {
      name,
      quantity: 3,
      price: 9.99,
      category: 'lamps',
    });
    expect(added.status).toBe(201);
    const page = await openPage('Catalog');
    await page.getByLabel('Search by name').fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row', { name });
    await row.waitFor();
    const price = page.getByLabel(`Price of ${name}`);

    await price.fill('-5');
    await page.getByRole('button', { name: `Save ${name}` }).click();

    await row.getByText(/Too small: expected number to be >/).waitFor();
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(await row.innerText()).toContain('low stock');
    await screenshot(page, 'catalog-field-error');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect((await admin.call('GET', `/products/${added.body.id}`)).body).toMatchObject({
      price: 9.99,
      quantity: 3,
    });

    await price.fill('15.25');
    await page.getByLabel(`Stock of ${name}`).fill('40');
    await page.getByRole('button', { name: `Save ${name}` }).click();

    await row.getByText('Saved').waitFor();
    expect(await price.getAttribute('aria-invalid')).toBeNull();
    expect((await admin.call('GET', `/products/${added.body.id}`)).body).toMatchObject({
      price: 15.25,
      quantity: 40,
    });
    expect(await row.innerText()).not.toContain('low stock');
    await screenshot(page, 'catalog-saved');
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });

  it('an import shows its progress from the job, then its report, downloadable as CSV', async () => {
    const prefix = `Imported ${randomUUID().slice(0, 8)}`;
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `${prefix} ${i},${i % 50},imports,${(i % 90) + 1}.50`,
    );
    rows[rows.length - 1] = `${prefix} bad,1,imports,-1`;
    const csv = `name,quantity,category,price\n${rows.join('\n')}\n`;
    const page = await openPage('Import');
    const jobs: { status: string; processed_rows: number }[] = [];
    page.on('response', async (answer) => {
      if (answer.url().includes('/products/imports/')) jobs.push(await answer.json());
    });
    await page.getByLabel('CSV or .xlsx file').setInputFiles({
      name: 'products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByLabel('Atomic: a bad row imports nothing').uncheck();

    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 60_000 });

    const report = await page.locator('#report-title + .totals').innerText();
    expect(report).toMatch(/Rows\s+20000\s+Inserted\s+19999\s+Updated\s+0\s+Rejected\s+1/);
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    // The bar's value and max reflect to its attributes.
    expect([await progress.getAttribute('value'), await progress.getAttribute('max')]).toEqual([
      '20000',
      '20000',
    ]);
    expect(jobs.some((job) => job.status === 'queued' || job.status === 'running')).toBe(true);
    const processed = jobs.map((job) => job.processed_rows);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    await page.getByRole('row', { name: '20000 price' }).waitFor();
    await screenshot(page, 'import-report');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the report (CSV)' }).click();
    const file = await (await download).path();
    const lines = (await readFile(file, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('"row","column","message"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"20000","price",/);
    expect(await page.evaluate<Violation[]>('window.cspViolations')).toEqual([]);
    await page.close();
  });
});
