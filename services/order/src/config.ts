import { refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, commaListSetting, loadConfig, portSetting } from '@shop/platform';
import { tokenSettingsShape } from '@shop/service';
import countries from 'i18n-iso-countries';
import { z } from 'zod';

const alpha2List = commaListSetting()
  .transform((codes) => codes.map((code) => code.toUpperCase()))
  .pipe(
    z.array(
      z.string().refine((code) => /^[A-Z]{2}$/.test(code) && code in countries.getAlpha2Codes(), {
        error: (issue) => `${String(issue.input)} is not an ISO 3166-1 alpha-2 country code`,
      }),
    ),
  )
  // Empty means every country: null says "no restriction" more plainly than a set of all codes.
  .transform((codes) => (codes.length === 0 ? null : new Set(codes)));

/** The order service's settings: the shared ones plus its port, token issuer, saga wait and shipping list. */
export const orderConfigSchema = baseConfigSchema
  .extend({
    PORT: portSetting(8083),
    ...tokenSettingsShape,
    /** How long POST /orders/execute waits for the saga before answering 202. */
    EXECUTE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    /** Comma-separated ISO 3166-1 alpha-2 codes shipped to; empty or unset: every country. */
    SHIPPING_COUNTRIES: alpha2List,
    /** How long an executing order waits for catalog's answer before its execution request is sent again. */
    EXECUTION_RETRY_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
    /** How long an execution may take in all; then the order goes back to pending as timed out. */
    EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(600_000),
    /** How often each replica looks for overdue executions (one indexed query when there are none). */
    EXECUTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
    /** How long an Idempotency-Key is remembered; a retry after it is a new request. */
    IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).default(24),
  })
  .superRefine(refuseDevelopmentCredentialsInProduction);

export type OrderConfig = z.infer<typeof orderConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadOrderConfig(env: NodeJS.ProcessEnv = process.env): OrderConfig {
  return loadConfig(orderConfigSchema, env);
}
