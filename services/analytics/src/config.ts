import { internalTokenSetting, refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, loadConfig } from '@shop/platform';
import { z } from 'zod';

/** The analytics settings: the shared ones plus its port and where to verify tokens. */
export const analyticsConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8084),
    AUTH_URL: z.url().default('http://127.0.0.1:8081'),
    JWT_ISSUER: z.string().min(1).default('shop-auth'),
    /** The shared secret sent to auth's internal routes (the revocation list); required in production. */
    INTERNAL_TOKEN: internalTokenSetting,
  })
  .superRefine(refuseDevelopmentCredentialsInProduction);

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
