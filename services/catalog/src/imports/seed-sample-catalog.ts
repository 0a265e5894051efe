import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger, Sql } from '@shop/platform';
import { catalogIsEmpty, withSeedLock } from '../data/seed-lock.repository.js';
import { csvRecords } from './csv-records.js';
import { importProducts } from './import-products.js';
import type { ImportLimits } from './import-report.js';

const SAMPLE_CSV = fileURLToPath(new URL('../../seed/products.csv', import.meta.url));

/** Imports the sample products once into a catalog that has never held a product or a category. */
export async function seedSampleCatalog(sql: Sql, limits: ImportLimits, logger: Logger): Promise<void> {
  await withSeedLock(sql, async () => {
    if (!(await catalogIsEmpty(sql))) return;
    const { report } = await importProducts(sql, csvRecords(createReadStream(SAMPLE_CSV), limits.maxBytes), {
      options: { mode: 'upsert', atomic: true, dryRun: false },
      limits,
      causation: { correlationId: 'catalog-seed' },
    });
    logger.info({ inserted: report.inserted, rejected: report.rejected }, 'sample catalog seeded');
  });
}
