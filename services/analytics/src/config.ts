import { refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, loadConfig, portSetting } from '@shop/platform';
import { tokenSettingsShape } from '@shop/service';
import type { z } from 'zod';

/** The analytics settings: the shared ones plus its port and where to verify tokens. */
export const analyticsConfigSchema = baseConfigSchema
  .extend({
    PORT: portSetting(8084),
    ...tokenSettingsShape,
  })
  .superRefine(refuseDevelopmentCredentialsInProduction);

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
