import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, importFile, productCount, storedProduct, xlsxOf } from './fixtures/import-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);

describe('bulk import validation', () => {
  it('bad values give one error per bad cell with the data row number; atomic: 422 and nothing changed', async () => {
    const before = await productCount(catalog);

    const response = await importCsv(
      catalog,
      [
        'name,quantity,category,price,cost',
        `${uniqueName('Fine')},1,food,1.00,0`,
        `,1.5,food,1.999,-2`,
        `${'x'.repeat(201)},abc,${'c'.repeat(101)},0,`,
      ].join('\n'),
    );

    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, total_rows: 3, inserted: 0, updated: 0, rejected: 2 });
    expect(
      response.body.errors.map((error: { row: number; column: string }) => `${error.row}:${error.column}`),
    ).toEqual(['2:name', '2:quantity', '2:price', '2:cost', '3:name', '3:quantity', '3:category', '3:price']);
    expect(await productCount(catalog)).toBe(before);
  });

  it('a missing required column is a 400 naming it, and nothing is written', async () => {
    const before = await productCount(catalog);

    const response = await importCsv(catalog, `name,quantity,price\n${uniqueName('Lost')},1,2\n`);

    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/category/);
    expect(await productCount(catalog)).toBe(before);
  });

  it('a BOM, a `;` delimiter, trimmed any-case headers, an unknown column and a quoted newline are handled', async () => {
    const name = uniqueName('Multi\nline');

    const response = await importFile(
      catalog,
      'products.csv',
      `\uFEFF Name ;QUANTITY; Category ;Price;notes\n"${name}";4;"deli; fresh";"2,5";x\n"${uniqueName('Ok')}";1;deli;2.50;y\n`,
      '?atomic=false',
    );

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ total_rows: 2, inserted: 1, rejected: 1 });
    expect(response.body.errors).toEqual([{ row: 1, column: 'price', message: expect.any(String) }]);
    const fixed = await importCsv(
      catalog,
      `\uFEFFname;quantity;category;price\n"${name}";4;"deli; fresh";2.5\n`,
    );
    expect(fixed.status).toBe(200);
    expect(await storedProduct(catalog, name)).toMatchObject({ name, quantity: 4, category: 'deli; fresh' });
  });

  it('formula-looking cells are stored as text, in CSV and in .xlsx', async () => {
    const csvName = `=SUM(A1) ${uniqueName('')}`;
    const xlsxName = `@cmd ${uniqueName('')}`;

    const csv = await importCsv(catalog, `name,quantity,category,price\n"${csvName}",1,+plus,2\n`);
    const xlsx = await importFile(
      catalog,
      'sheet.xlsx',
      xlsxOf([
        ['name', 'quantity', 'category', 'price'],
        [xlsxName, 2, '=HYPERLINK("x")', 3.5],
      ]),
    );

    expect(csv.status, JSON.stringify(csv.body)).toBe(200);
    expect(xlsx.status, JSON.stringify(xlsx.body)).toBe(200);
    expect(await storedProduct(catalog, csvName)).toMatchObject({ name: csvName, category: '+plus' });
    expect(await storedProduct(catalog, xlsxName)).toMatchObject({
      name: xlsxName,
      quantity: 2,
      price: '3.50',
      category: '=HYPERLINK("x")',
    });
  });

  it('a name repeated in the file (any case) is an error on the later row', async () => {
    const name = uniqueName('Twice');
    const before = await productCount(catalog);

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${name},1,a,1\n${name.toUpperCase()},2,a,1\n`,
    );

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'rows.2.name', row: 2, column: 'name', message: expect.stringMatching(/earlier row/) },
    ]);
    expect(await productCount(catalog)).toBe(before);
  });

  it('the report keeps the first 1000 errors in row order, the repeats a staged batch finds among them', async () => {
    const name = uniqueName('Batch');
    const before = await productCount(catalog);
    // Rows 1–1000 are the first staged batch (row 1000 repeats row 1, found once that batch is staged,
    // while the rows after it are being checked); rows 1001–2200 have a bad price.
    const rows = Array.from({ length: 2200 }, (_, index) => {
      const row = index + 1;
      if (row === 1000) return `${name} 1,1,a,1`;
      return row <= 1000 ? `${name} ${row},1,a,1` : `${name} ${row},1,a,0`;
    });

    const response = await importCsv(catalog, ['name,quantity,category,price', ...rows].join('\n'));

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ total_rows: 2200, rejected: 1201 });
    const { errors } = response.body as { errors: Array<{ row: number; column: string }> };
    expect(errors).toHaveLength(1000);
    expect(errors[0]).toMatchObject({
      row: 1000,
      column: 'name',
      message: expect.stringMatching(/earlier row/),
    });
    expect(errors.slice(1).map((error) => `${error.row}:${error.column}`)).toEqual(
      Array.from({ length: 999 }, (_, index) => `${1001 + index}:price`),
    );
    expect(await productCount(catalog)).toBe(before);
  });

  it('a file that is not a spreadsheet but named .xlsx is a 400, and a .txt a 415', async () => {
    const before = await productCount(catalog);

    const renamed = await importFile(catalog, 'products.xlsx', 'name,quantity,category,price\nx,1,a,1\n');
    const text = await importFile(catalog, 'products.txt', 'name,quantity,category,price\nx,1,a,1\n');

    expect(renamed.status).toBe(400);
    expect(renamed.contentType).toMatch(/problem\+json/);
    expect(text.status).toBe(415);
    expect(await productCount(catalog)).toBe(before);
  });

  it('delimiters inside quotes are no columns: 300 quoted commas (beside "" and a newline) import; 257 cells are a 400', async () => {
    const name = `${uniqueName('Commas')} ,,, "quoted"\nnext line`;
    const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

    const response = await importCsv(
      catalog,
      `name,quantity,category,price,notes\n${quote(name)},3,commas,1.5,${quote(','.repeat(300))}\n`,
    );

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(await storedProduct(catalog, name)).toMatchObject({ name, quantity: 3 });
    const before = await productCount(catalog);
    const wide = await importCsv(
      catalog,
      `name,quantity,category,price\n${uniqueName('Wide')},1,a,1${',x'.repeat(253)}\n`,
    );
    expect(wide.status).toBe(400);
    expect(wide.body.detail).toBe('Line 2 has more than 256 columns');
    expect(await productCount(catalog)).toBe(before);
  });

  it('malformed CSV (an unclosed quote) is a 400 problem and nothing is written', async () => {
    const before = await productCount(catalog);

    const response = await importCsv(catalog, `name,quantity,category,price\n"${uniqueName('Open')},1,a,1\n`);

    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/Malformed CSV/);
    expect(await productCount(catalog)).toBe(before);
  });
});
