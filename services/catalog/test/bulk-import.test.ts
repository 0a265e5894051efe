import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, productCount, storedProduct } from './fixtures/import-fixtures.js';
import { addProduct, batchedStatesOf, outboxOf } from './fixtures/product-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

describe('bulk import options', () => {
  it('upsert (default) inserts new names, updates an existing one in any case, and enqueues products.upserted carrying each', async () => {
    const existing = await addProduct(catalog, { quantity: 1, price: 1 });
    const fresh = uniqueName('Tea');
    const category = uniqueName('Drinks');

    const response = await importCsv(
      catalog,
      `name,quantity,category,price,cost\n${fresh},5,${category},3.5,1.25\n${existing.name.toUpperCase()},9,${category},7.99,\n`,
    );

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ total_rows: 2, inserted: 1, updated: 1, rejected: 0, errors: [] });
    expect(await storedProduct(catalog, fresh)).toMatchObject({
      quantity: 5,
      price: '3.50',
      cost: '1.25',
      category,
    });
    expect(await storedProduct(catalog, existing.name)).toMatchObject({
      id: existing.id,
      name: existing.name,
      quantity: 9,
      price: '7.99',
      cost: '0.00',
      category,
    });
    const inserted = await storedProduct(catalog, fresh);
    expect(await batchedStatesOf(catalog, inserted?.id ?? 0)).toEqual([
      expect.objectContaining({ name: fresh, price: 3.5, category_name: category }),
    ]);
    expect(await outboxOf(catalog, 'product.upserted', inserted?.id ?? 0)).toEqual([]);
    expect(await outboxOf(catalog, 'product.upserted', existing.id)).toHaveLength(1);
    expect(await batchedStatesOf(catalog, existing.id)).toEqual([
      expect.objectContaining({ name: existing.name, price: 7.99, version: 2 }),
    ]);
  });

  it('mode=insert makes an existing name a row error; with atomic=true (default) nothing is imported: 422', async () => {
    const existing = await addProduct(catalog);
    const before = await productCount(catalog);

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${uniqueName('Jam')},1,food,2\n${existing.name},1,food,2\n`,
      '?mode=insert',
    );

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ total_rows: 2, inserted: 0, updated: 0, rejected: 1 });
    expect(response.body.errors).toEqual([
      { path: 'rows.2.name', row: 2, column: 'name', message: expect.stringMatching(/exists/) },
    ]);
    expect(await productCount(catalog)).toBe(before);
  });

  it('atomic=false imports the good rows and reports the bad ones: 200', async () => {
    const good = uniqueName('Rice');
    const before = await productCount(catalog);
    const rowsBefore = await importedRows();

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${good},3,food,1.99\n${uniqueName('Bad')},-1,food,0\n`,
      '?atomic=false',
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total_rows: 2, inserted: 1, updated: 0, rejected: 1 });
    expect(response.body.errors).toEqual([
      { row: 2, column: 'quantity', message: expect.any(String) },
      { row: 2, column: 'price', message: expect.any(String) },
    ]);
    expect(await productCount(catalog)).toBe(before + 1);
    expect(await storedProduct(catalog, good)).toMatchObject({ quantity: 3, price: '1.99' });
    const rowsAfter = await importedRows();
    expect(rowsAfter.inserted - rowsBefore.inserted).toBe(1);
    expect(rowsAfter.rejected - rowsBefore.rejected).toBe(1);
  });

  it('dry_run=true reports what would happen and writes nothing', async () => {
    const existing = await addProduct(catalog);
    const before = await productCount(catalog);

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${uniqueName('Oats')},1,food,2\n${existing.name},4,food,2\n`,
      '?dry_run=true',
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ total_rows: 2, inserted: 1, updated: 1, rejected: 0, errors: [] });
    expect(await productCount(catalog)).toBe(before);
    expect((await storedProduct(catalog, existing.name))?.quantity).toBe(existing.quantity);
  });

  it('async=true answers 202 with a job id; the job ends succeeded with its report', async () => {
    const names = Array.from({ length: 2500 }, () => uniqueName('Bulk'));
    const csv = `name,quantity,category,price\n${names.map((name) => `${name},1,bulk,1.5`).join('\n')}\n`;

    const started = await importCsv(catalog, csv, '?async=true');

    expect(started.status).toBe(202);
    const job = await waitFor(
      () => catalog.request('GET', `/products/imports/${started.body.job_id}`, { as: 'admin' }),
      {
        until: (response) => !['queued', 'running'].includes(response.body.status),
        what: 'the import job to finish',
      },
    );
    expect(job.body).toEqual({
      job_id: started.body.job_id,
      status: 'succeeded',
      processed_rows: 2500,
      written_rows: 2500,
      report: { total_rows: 2500, inserted: 2500, updated: 0, rejected: 0, errors: [] },
    });
    expect(await storedProduct(catalog, names[2499] ?? '')).toMatchObject({ category: 'bulk' });
  });

  it('an async atomic import with a bad row ends failed with its report, and writes nothing', async () => {
    const before = await productCount(catalog);

    const started = await importCsv(
      catalog,
      `name,quantity,category,price\n${uniqueName('Good')},1,a,1\n${uniqueName('Bad')},1,a,free\n`,
      '?async=true',
    );

    expect(started.status).toBe(202);
    const job = await waitFor(
      () => catalog.request('GET', `/products/imports/${started.body.job_id}`, { as: 'admin' }),
      {
        until: (response) => !['queued', 'running'].includes(response.body.status),
        what: 'the import job to finish',
      },
    );
    expect(job.body).toMatchObject({
      status: 'failed',
      processed_rows: 2,
      report: { total_rows: 2, inserted: 0, rejected: 1, errors: [{ row: 2, column: 'price' }] },
    });
    expect(await productCount(catalog)).toBe(before);
  });

  it('an unknown job is 404; a customer may not import (403) nor read jobs', async () => {
    const unknown = await catalog.request('GET', `/products/imports/${crypto.randomUUID()}`, { as: 'admin' });
    const byCustomer = await importCsv(catalog, 'name,quantity,category,price\nx,1,y,1\n', '', 'customer');
    const anonymous = await importCsv(catalog, 'name,quantity,category,price\nx,1,y,1\n', '', 'anonymous');

    expect(unknown.status).toBe(404);
    expect(byCustomer.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(await storedProduct(catalog, 'x')).toBeUndefined();
  });
});

/** The catalog's import_rows_total counters, from its /metrics. */
async function importedRows(): Promise<Record<'inserted' | 'updated' | 'rejected', number>> {
  const text = await (await fetch(`${catalog.origin}/metrics`)).text();
  const value = (outcome: string) =>
    Number(text.match(new RegExp(`^import_rows_total\\{outcome="${outcome}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { inserted: value('inserted'), updated: value('updated'), rejected: value('rejected') };
}
