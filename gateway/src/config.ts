import { refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, commaListSetting, loadConfig, portSetting } from '@shop/platform';
import { tokenSettingsShape } from '@shop/service';
import { z } from 'zod';

/** The services the gateway can route to. */
export const upstreamNames = ['auth', 'catalog', 'order', 'analytics'] as const;
export type UpstreamName = (typeof upstreamNames)[number];

const milliseconds = z.coerce.number().int().min(1);
/** One service URL, or several (comma-separated) for replicas the gateway balances over. */
const serviceUrls = (fallback: string) => commaListSetting(fallback).pipe(z.array(z.url()).min(1));

/** Everything the gateway reads from its environment; parsed once by `loadGatewayConfig` in main. */
export const gatewayConfigSchema = baseConfigSchema
  .extend({
    GATEWAY_PORT: portSetting(8080),
    ...tokenSettingsShape,
    CATALOG_URL: serviceUrls('http://127.0.0.1:8082'),
    ORDER_URL: serviceUrls('http://127.0.0.1:8083'),
    ANALYTICS_URL: serviceUrls('http://127.0.0.1:8084'),
    UPSTREAMS: commaListSetting(upstreamNames.join(',')).pipe(
      z.array(z.enum(upstreamNames)).transform((names) => [...new Set(names)]),
    ),
    /** An access token with an unknown key id refetches auth's JWKS at most this often. */
    JWKS_REFETCH_COOLDOWN_MS: z.coerce.number().int().min(0).default(10_000),
    UPSTREAM_TIMEOUT_MS: milliseconds.default(30_000),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    IMPORT_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    CORS_ORIGINS: commaListSetting('*'),
  })
  .superRefine(function refuseDevelopmentSettingsInProduction(config, ctx) {
    refuseDevelopmentCredentialsInProduction(config, ctx);
    // `*` lets any web page call the API with a user's token it holds: production names its origins.
    if (config.NODE_ENV === 'production' && config.CORS_ORIGINS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: 'must list the allowed origins in production, not *',
      });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Parses the environment once; exits naming any bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}

/** The base URLs of each upstream service (its replicas), by name. */
export function upstreamUrls(config: GatewayConfig): Record<UpstreamName, string[]> {
  return {
    auth: [config.AUTH_URL],
    catalog: config.CATALOG_URL,
    order: config.ORDER_URL,
    analytics: config.ANALYTICS_URL,
  };
}
