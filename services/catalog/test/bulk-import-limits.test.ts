import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, importFile, productCount, xlsxOf } from './fixtures/import-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();
const catalog = useTestCatalog(env, {
  IMPORT_MAX_ROWS: '3',
  IMPORT_MAX_BYTES: '20000',
  IMPORT_XLSX_MAX_INFLATED_BYTES: '50000',
});

/** A ZIP holding nothing but a central directory that claims one entry inflates to ~4 GB. */
function zipBomb(): Buffer {
  const fileName = Buffer.from('xl/worksheets/sheet1.xml');
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt32LE(1000, 20); // compressed size
  entry.writeUInt32LE(0xfffffff0, 24); // uncompressed size
  entry.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(entry.length + fileName.length, 12);
  end.writeUInt32LE(0, 16);
  return Buffer.concat([entry, fileName, end]);
}

describe('bulk import limits', () => {
  it('more rows than IMPORT_MAX_ROWS is a 422 problem and nothing is written', async () => {
    const before = await productCount(catalog);
    const rows = Array.from({ length: 4 }, () => `${uniqueName('Row')},1,a,1`);

    const response = await importCsv(catalog, `name,quantity,category,price\n${rows.join('\n')}\n`);

    expect(response.status).toBe(422);
    expect(response.contentType).toMatch(/problem\+json/);
    expect(await productCount(catalog)).toBe(before);
  });

  it('a body over IMPORT_MAX_BYTES is a 413 and nothing is written', async () => {
    const before = await productCount(catalog);

    const response = await importCsv(catalog, `name,quantity,category,price\n${'x'.repeat(30000)},1,a,1\n`);

    expect(response.status).toBe(413);
    expect(await productCount(catalog)).toBe(before);
  });

  it('a zip whose central directory claims a huge inflated size is refused with 413 before inflating', async () => {
    const before = await productCount(catalog);

    const response = await importFile(catalog, 'bomb.xlsx', zipBomb());

    expect(response.status).toBe(413);
    expect(await productCount(catalog)).toBe(before);
  });

  it('a real, highly compressible .xlsx inflating past the limit is refused with 413', async () => {
    const sheet = xlsxOf([
      ['name', 'quantity', 'category', 'price'],
      ...Array.from({ length: 2 }, () => ['a'.repeat(30000), 1, 'b', 1]),
    ]);
    expect(sheet.length).toBeLessThan(20000);

    const response = await importFile(catalog, 'big.xlsx', sheet);

    expect(response.status).toBe(413);
  });

  it('a chunked text/csv body (no content-length) over IMPORT_MAX_BYTES is a 413 while streaming', async () => {
    const before = await productCount(catalog);
    const chunk = new TextEncoder().encode(`${uniqueName('Chunk')},1,a,1\n`.padStart(1000, ' '));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('name,quantity,category,price\n'));
        for (let i = 0; i < 40; i++) controller.enqueue(chunk);
        controller.close();
      },
    });

    const response = await catalog.request('POST', '/products/bulk-import?atomic=true', {
      as: 'admin',
      raw: body,
      headers: { 'content-type': 'text/csv' },
    });

    expect(response.status).toBe(413);
    expect(await productCount(catalog)).toBe(before);
  });
});
