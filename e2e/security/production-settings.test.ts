// Issue 13 item 8: development credentials and wide-open settings are refused when NODE_ENV=production —
// every process refuses the broker's guest account, the gateway refuses CORS `*` — while production
// settings done right are accepted.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { gatewayConfigSchema } from '../../gateway/src/config.js';
import { analyticsConfigSchema } from '../../services/analytics/src/config.js';
import { authConfigSchema } from '../../services/auth/src/config.js';
import { catalogConfigSchema } from '../../services/catalog/src/config.js';
import { orderConfigSchema } from '../../services/order/src/config.js';

const production = {
  NODE_ENV: 'production',
  INTERNAL_TOKEN: randomBytes(32).toString('hex'),
  AMQP_URL: 'amqp://shop:a-broker-secret@broker:5672',
  JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
  ADMIN_PASSWORD: 'a-production-admin-password',
  CORS_ORIGINS: 'https://shop.example',
};

const schemas: Record<string, z.ZodType> = {
  auth: authConfigSchema,
  catalog: catalogConfigSchema,
  order: orderConfigSchema,
  analytics: analyticsConfigSchema,
  gateway: gatewayConfigSchema,
};

/** The settings a schema refuses in these variables, by name. */
function refusedSettings(schema: z.ZodType, env: Record<string, string>): string[] {
  const parsed = schema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('production settings', () => {
  it.each(Object.entries(schemas))('%s accepts production settings done right', (_name, schema) => {
    expect(refusedSettings(schema, production)).toEqual([]);
  });

  it.each(Object.entries(schemas))("%s refuses the broker's guest account", (_name, schema) => {
    for (const AMQP_URL of [
      'amqp://guest:guest@broker:5672',
      'amqp://broker:5672',
      'amqps://guest:other-password@broker',
    ]) {
      expect(refusedSettings(schema, { ...production, AMQP_URL }), AMQP_URL).toEqual(['AMQP_URL']);
    }
  });

  it('the gateway refuses CORS_ORIGINS=* (and its default) in production', () => {
    expect(refusedSettings(gatewayConfigSchema, { ...production, CORS_ORIGINS: '*' })).toEqual([
      'CORS_ORIGINS',
    ]);
    const { CORS_ORIGINS: _unset, ...withoutOrigins } = production;
    expect(refusedSettings(gatewayConfigSchema, withoutOrigins)).toEqual(['CORS_ORIGINS']);
  });

  it('development keeps its defaults: guest broker and CORS *', () => {
    for (const schema of Object.values(schemas)) expect(refusedSettings(schema, {})).toEqual([]);
  });
});
