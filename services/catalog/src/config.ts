import { refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, loadConfig, portSetting } from '@shop/platform';
import { tokenSettingsShape } from '@shop/service';
import { z } from 'zod';

/** The catalog's settings: the shared ones plus its port and where to verify tokens. */
export const catalogConfigSchema = baseConfigSchema
  .extend({
    PORT: portSetting(8082),
    ...tokenSettingsShape,
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(1_000_000),
    IMPORT_XLSX_MAX_INFLATED_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(100 * 1024 * 1024),
    /** Imports running at once per replica (at most half of DATABASE_POOL_MAX); later ones wait their turn. */
    IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    /** Imports seed/products.csv at start when the catalog has neither products nor categories. */
    SEED_SAMPLE_CATALOG: z.stringbool().default(true),
  })
  .superRefine(refuseDevelopmentCredentialsInProduction);

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return loadConfig(catalogConfigSchema, env);
}
