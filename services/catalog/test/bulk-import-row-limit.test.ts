import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, productCount } from './fixtures/import-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env, { IMPORT_MAX_ROWS: '1500' });

describe('bulk import row limit', () => {
  it('with atomic=false, a file over IMPORT_MAX_ROWS still writes nothing, although a full batch came before the limit', async () => {
    const before = await productCount(catalog);
    const rows = Array.from({ length: 2000 }, () => `${uniqueName('Row')},1,limits,1`);

    const response = await importCsv(
      catalog,
      `name,quantity,category,price\n${rows.join('\n')}\n`,
      '?atomic=false',
    );

    expect(response.status).toBe(422);
    expect(response.contentType).toMatch(/problem\+json/);
    expect(await productCount(catalog)).toBe(before);
  });
});
