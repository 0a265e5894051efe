import { refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, loadConfig, portSetting } from '@shop/platform';
import { tokenSettingsShape } from '@shop/service';
import { z } from 'zod';

/** The analytics settings: the shared ones plus its port, where to verify tokens and how long sales gather. */
export const analyticsConfigSchema = baseConfigSchema
  .extend({
    PORT: portSetting(8084),
    /**
     * How long a batch of events gathers before one transaction counts it: the statistics lag the
     * saga by up to this long, and each commit carries what the saga executed meanwhile.
     */
    SALES_GATHER_MS: z.coerce.number().int().min(0).max(10_000).default(25),
    ...tokenSettingsShape,
  })
  .superRefine(refuseDevelopmentCredentialsInProduction);

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
