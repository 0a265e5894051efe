import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, importFile, productCount, xlsxOf } from './fixtures/import-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

async function categoryCount(): Promise<number> {
  const [row] = await catalog.sql<{ count: number }[]>`select count(*)::int as count from categories`;
  return row?.count ?? 0;
}

describe('bulk import of text PostgreSQL cannot store', () => {
  it('a CSV cell with a NUL character is a row error naming the cell; atomic: 422 and nothing imported', async () => {
    const before = { products: await productCount(catalog), categories: await categoryCount() };

    const response = await importCsv(
      catalog,
      [
        'name,quantity,category,price',
        `${uniqueName('Fine')},1,fresh,1.00`,
        `${uniqueName('Nul')}\u0000,1,fresh,1.00`,
        `${uniqueName('Ok')},1,ca\u0000t,1.00`,
      ].join('\n'),
    );

    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ total_rows: 3, inserted: 0, updated: 0, rejected: 2 });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'name', message: expect.stringMatching(/NUL/) }),
      expect.objectContaining({ row: 3, column: 'category', message: expect.stringMatching(/NUL/) }),
    ]);
    expect({ products: await productCount(catalog), categories: await categoryCount() }).toEqual(before);
  });

  it('an .xlsx cell with a NUL character is a row error; atomic: 422 and nothing imported', async () => {
    const before = { products: await productCount(catalog), categories: await categoryCount() };

    const response = await importFile(
      catalog,
      'products.xlsx',
      xlsxOf([
        ['name', 'quantity', 'category', 'price'],
        [uniqueName('Fine'), 1, 'sheet', 2.5],
        [`${uniqueName('Nul')}\u0000x`, 1, 'sheet', 2.5],
      ]),
    );

    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body).toMatchObject({ total_rows: 2, inserted: 0, rejected: 1 });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'name', message: expect.stringMatching(/NUL/) }),
    ]);
    expect({ products: await productCount(catalog), categories: await categoryCount() }).toEqual(before);
  });

  it('with atomic=false the good rows are imported and the NUL row is reported, not stored', async () => {
    const good = uniqueName('Good');
    const bad = `${uniqueName('Bad')}\u0000`;

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${good},1,a,1\n${bad},1,a,1\n`,
      '?atomic=false',
    );

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ total_rows: 2, inserted: 1, rejected: 1 });
    expect(response.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'name' })]);
  });

  it('numbers past int4 or numeric(12,2), with 3 decimals or as exponents are row errors; nothing imported', async () => {
    const before = { products: await productCount(catalog), categories: await categoryCount() };

    const response = await importCsv(
      catalog,
      [
        'name,quantity,category,price,cost',
        `${uniqueName('Many')},2147483648,n,1,0`,
        `${uniqueName('Dear')},1,n,99999999999,1e3`,
        `${uniqueName('Fine')},1,n,1.005,1.5e2`,
      ].join('\n'),
    );

    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(
      response.body.errors.map((error: { row: number; column: string }) => `${error.row}:${error.column}`),
    ).toEqual(['1:quantity', '2:price', '2:cost', '3:price', '3:cost']);
    expect({ products: await productCount(catalog), categories: await categoryCount() }).toEqual(before);
  });
});
