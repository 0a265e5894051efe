import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEVELOPMENT_INTERNAL_TOKEN,
  INTERNAL_TOKEN_HEADER,
  internalCredentialHeaders,
  internalTokenSetting,
  requireInternalCredential,
  requireInternalTokenInProduction,
} from '../src/index.js';

const secret = 'a-shared-secret-of-at-least-32-characters';
const schema = z
  .object({ NODE_ENV: z.string().default('development'), INTERNAL_TOKEN: internalTokenSetting })
  .superRefine(requireInternalTokenInProduction);

describe('the internal credential', () => {
  it('defaults outside production and is required in production', () => {
    expect(schema.parse({}).INTERNAL_TOKEN).toBe(DEVELOPMENT_INTERNAL_TOKEN);
    const missing = schema.safeParse({ NODE_ENV: 'production' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['INTERNAL_TOKEN']);
    expect(schema.safeParse({ NODE_ENV: 'production', INTERNAL_TOKEN: 'short' }).success).toBe(false);
    expect(schema.parse({ NODE_ENV: 'production', INTERNAL_TOKEN: secret }).INTERNAL_TOKEN).toBe(secret);
  });

  it('lets through only a request carrying the same secret', async () => {
    const app = new Hono();
    app.onError((error, c) => c.json({ detail: error.message }, 401));
    app.get('/internal', requireInternalCredential(secret), (c) => c.json({ ok: true }));
    const statusWith = async (headers: Record<string, string>) =>
      (await app.request('/internal', { headers })).status;

    expect(await statusWith({})).toBe(401);
    expect(await statusWith({ [INTERNAL_TOKEN_HEADER]: '' })).toBe(401);
    expect(await statusWith({ [INTERNAL_TOKEN_HEADER]: `${secret}x` })).toBe(401);
    expect(await statusWith({ [INTERNAL_TOKEN_HEADER]: secret.slice(0, -1) })).toBe(401);
    expect(await statusWith(internalCredentialHeaders(secret))).toBe(200);
  });
});
